package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link DriftDetector} must show on seeded Bernoulli error streams. The abrupt
 * scenario is an error rate of 0.1 for {@value #CHANGE} inputs, then 0.5.
 */
abstract class DriftDetectorContract {

    static final int CHANGE = 2_000;
    static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    /** A detector with default parameters. */
    abstract DriftDetector create();

    /** Largest accepted delay (inputs of the new regime up to and including the DRIFT). */
    abstract int maxDelayForAbruptIncrease();

    /** Largest accepted number of DRIFTs on 100,000 inputs at error rate 0.2. */
    abstract int maxFalseAlarmsOnStationaryStream();

    /** Index of the first DRIFT at or after {@code from}, feeding the abrupt stream; -1 if none before {@code until}. */
    static long firstDriftBetween(DriftDetector detector, BernoulliStream stream, long from, long until) {
        for (long t = 0; t < until; t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT && t >= from) {
                return t;
            }
        }
        return -1;
    }

    static BernoulliStream abrupt(long seed) {
        return new BernoulliStream(seed, CHANGE, 0.1, 0.5);
    }

    @Test
    void detectsAnAbruptIncreaseWithinBoundedDelay() {
        for (long seed : SEEDS) {
            long t = firstDriftBetween(create(), abrupt(seed), CHANGE, 2 * CHANGE);
            assertTrue(t >= 0, "missed the change, seed " + seed);
            long delay = t - CHANGE + 1;
            assertTrue(delay <= maxDelayForAbruptIncrease(), "delay " + delay + ", seed " + seed);
        }
    }

    @Test
    void stationaryStreamGivesBoundedFalseAlarms() {
        DriftDetector detector = create();
        BernoulliStream stream = new BernoulliStream(42, 100_000, 0.2);
        int alarms = 0;
        for (int t = 0; t < 100_000; t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT) {
                alarms++;
            }
        }
        assertTrue(alarms <= maxFalseAlarmsOnStationaryStream(), alarms + " false alarms");
    }

    @Test
    void oneChangeIsReportedOnceNotOnEveryFollowingInput() {
        for (long seed : SEEDS) {
            DriftDetector detector = create();
            BernoulliStream stream = abrupt(seed);
            long t = firstDriftBetween(detector, stream, CHANGE, 2 * CHANGE);
            for (int i = 0; i < 1_000; i++) {
                assertNotEquals(DriftState.DRIFT, detector.update(stream.next()),
                        "second DRIFT " + (i + 1) + " inputs after the one at " + t + ", seed " + seed);
            }
        }
    }

    @Test
    void driftFlagIsResetOnTheNextUpdate() {
        for (long seed : SEEDS) {
            DriftDetector detector = create();
            BernoulliStream stream = abrupt(seed);
            firstDriftBetween(detector, stream, CHANGE, 2 * CHANGE);
            assertNotEquals(DriftState.DRIFT, detector.update(stream.next()), "seed " + seed);
        }
    }

    @Test
    void newRegimeOfOneChangeGetsExactlyOneReport() {
        for (long seed : SEEDS) {
            DriftDetector detector = create();
            BernoulliStream stream = abrupt(seed);
            int reports = 0;
            for (int t = 0; t < 2 * CHANGE; t++) {
                if (detector.update(stream.next()) == DriftState.DRIFT && t >= CHANGE) {
                    reports++;
                }
            }
            assertEquals(1, reports, "seed " + seed);
        }
    }

    @Test
    void detectionsCountsEveryDriftReport() {
        DriftDetector detector = create();
        BernoulliStream stream = new BernoulliStream(3, 1_500, 0.05, 0.5, 0.05, 0.6);
        long reports = 0;
        for (long t = 0; t < stream.length(); t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT) {
                reports++;
            }
        }
        assertTrue(reports >= 2);
        assertEquals(reports, detector.detections());
    }

    @Test
    void resetDetectorBehavesLikeAFreshOne() {
        DriftDetector used = create();
        BernoulliStream noise = abrupt(5);
        for (int t = 0; t < 3_000; t++) {
            used.update(noise.next());
        }
        used.reset();
        DriftDetector fresh = create();
        BernoulliStream a = abrupt(6);
        BernoulliStream b = abrupt(6);
        for (int t = 0; t < 2 * CHANGE; t++) {
            assertSame(fresh.update(a.next()), used.update(b.next()), "input " + t);
            assertEquals(fresh.statistic(), used.statistic());
        }
    }

    @Test
    void copyContinuesIdenticallyAndIndependently() {
        DriftDetector original = create();
        BernoulliStream stream = abrupt(8);
        for (int t = 0; t < 2_100; t++) {
            original.update(stream.next());
        }
        DriftDetector copy = original.copy();
        BernoulliStream other = new BernoulliStream(99, 10, 1.0);
        for (int t = 0; t < 500; t++) {
            copy.update(other.next());
        }
        DriftDetector copyOfUntouched = copy.getClass().cast(original.copy());
        assertContinuesLike(original, copyOfUntouched, abrupt(9));
    }

    @Test
    void stateRoundTripContinuesBitExactly() throws IOException {
        for (int n : new int[] {0, 7, 1_000, 2_050, 2_500}) {
            DriftDetector original = create();
            BernoulliStream stream = abrupt(11);
            for (int t = 0; t < n; t++) {
                original.update(stream.next());
            }
            assertContinuesLike(original, roundTrip(original), stream);
        }
    }

    @Test
    void nameIsAcceptedByDetectorsByName() {
        DriftDetector detector = create();
        assertEquals(detector.getClass(), Detectors.byName(detector.name()).getClass());
    }

    /** Feeds the same 2,000 values to both and requires identical states and statistics. */
    static void assertContinuesLike(DriftDetector expected, DriftDetector actual, BernoulliStream stream) {
        for (int t = 0; t < 2_000; t++) {
            double x = stream.next();
            assertSame(expected.update(x), actual.update(x), "input " + t);
            assertEquals(Double.doubleToLongBits(expected.statistic()), Double.doubleToLongBits(actual.statistic()),
                    "statistic at input " + t);
        }
        assertEquals(expected.detections(), actual.detections());
    }

    static DriftDetector roundTrip(DriftDetector detector) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Detectors.write(detector, new DataOutputStream(bytes));
        return Detectors.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
