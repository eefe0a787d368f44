package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AdwinDetectorTest extends DriftDetectorContract {

    @Override
    DriftDetector create() {
        return new AdwinDetector();
    }

    @Override
    int maxDelayForAbruptIncrease() {
        return 150; // measured max 80 over seeds 1..50
    }

    @Override
    int maxFalseAlarmsOnStationaryStream() {
        return 1; // measured 0 over seeds 1..20
    }

    @Test
    void bucketCountStaysLogarithmicOverAMillionUpdates() {
        AdwinDetector adwin = new AdwinDetector();
        BernoulliStream stream = new BernoulliStream(1, 1_000_000, 0.2);
        int maxBuckets = 0;
        for (int t = 0; t < 1_000_000; t++) {
            adwin.update(stream.next());
            maxBuckets = Math.max(maxBuckets, adwin.bucketCount());
        }
        int log2Width = 63 - Long.numberOfLeadingZeros(adwin.width());
        assertTrue(adwin.width() > 100_000, "width " + adwin.width());
        assertTrue(maxBuckets <= AdwinDetector.MAX_BUCKETS * (log2Width + 1), maxBuckets + " buckets");
    }

    @Test
    void windowDropsMostOfTheOldRegimeOnDrift() {
        AdwinDetector adwin = new AdwinDetector();
        long t = firstDriftBetween(adwin, abrupt(1), CHANGE, 2 * CHANGE);
        long newItems = t - CHANGE + 1;
        assertTrue(adwin.width() < newItems + 300, "width " + adwin.width() + " after drift at " + t);
    }

    @Test
    void estimationFollowsTheNewRegime() {
        AdwinDetector adwin = new AdwinDetector();
        BernoulliStream stream = abrupt(1);
        for (int t = 0; t < 2 * CHANGE; t++) {
            adwin.update(stream.next());
        }
        assertEquals(0.5, adwin.estimation(), 0.05);
    }

    @Test
    void statisticIsTheMeanDifferenceOfTheCut() {
        AdwinDetector adwin = new AdwinDetector();
        firstDriftBetween(adwin, abrupt(2), CHANGE, 2 * CHANGE);
        assertEquals(0.4, adwin.statistic(), 0.2);
    }

    @Test
    void neverReportsWarning() {
        AdwinDetector adwin = new AdwinDetector();
        BernoulliStream stream = new BernoulliStream(4, 1_000, 0.1, 0.3, 0.6, 0.9);
        for (int t = 0; t < 4_000; t++) {
            assertNotEquals(DriftState.WARNING, adwin.update(stream.next()));
        }
    }

    @Test
    void detectsASecondChangeWhileOldItemsRemainInTheWindow() {
        AdwinDetector adwin = new AdwinDetector();
        BernoulliStream stream = new BernoulliStream(5, 1_500, 0.1, 0.4, 0.9);
        long reports = 0;
        for (int t = 0; t < 4_500; t++) {
            if (adwin.update(stream.next()) == DriftState.DRIFT) {
                reports++;
            }
        }
        assertEquals(2, reports);
    }

    @Test
    void roundTripKeepsDeltaAndWindow() throws IOException {
        AdwinDetector adwin = new AdwinDetector(0.05);
        BernoulliStream stream = abrupt(3);
        for (int t = 0; t < 1_234; t++) {
            adwin.update(stream.next());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        adwin.writeTo(new DataOutputStream(bytes));
        AdwinDetector read = AdwinDetector.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(0.05, read.delta());
        assertEquals(adwin.width(), read.width());
        assertEquals(adwin.bucketCount(), read.bucketCount());
    }

    @Test
    void rejectsDeltaOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(0));
        assertThrows(IllegalArgumentException.class, () -> new AdwinDetector(1));
    }
}
