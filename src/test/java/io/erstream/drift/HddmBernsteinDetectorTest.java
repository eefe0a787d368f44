package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** HDDM-A's cut point tested with Bernstein's bound: the same contract, and faster on the changes that matter. */
class HddmBernsteinDetectorTest extends DriftDetectorContract {

    @Override
    DriftDetector create() {
        return HddmADetector.bernstein();
    }

    @Override
    int maxDelayForAbruptIncrease() {
        return 150; // 0.1 → 0.5: measured mean 31, max 76 over seeds 1..50
    }

    @Override
    int maxFalseAlarmsOnStationaryStream() {
        return 1; // measured 4 in 5,000,000 inputs at rate 0.2
    }

    @Test
    void detectsASmallIncreaseOfALowErrorRateMuchSoonerThanHoeffding() {
        long bernstein = 0;
        long hoeffding = 0;
        for (long seed = 1; seed <= 20; seed++) {
            bernstein += delay(HddmADetector.bernstein(), seed);
            hoeffding += delay(new HddmADetector(), seed);
        }
        assertTrue(bernstein * 2 < hoeffding, "total delays: Bernstein " + bernstein + ", Hoeffding " + hoeffding);
    }

    @Test
    void aLowStationaryErrorRateRaisesNoStormOfAlarms() {
        // The bound shrinks with the variance, so a low rate is where a plug-in variance would over-fire.
        DriftDetector detector = HddmADetector.bernstein();
        BernoulliStream stream = new BernoulliStream(7, 1_000_000, 0.02);
        int alarms = 0;
        for (int t = 0; t < 1_000_000; t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT) {
                alarms++;
            }
        }
        assertTrue(alarms <= 2, alarms + " false alarms in 1,000,000 inputs");
    }

    @Test
    void itsStateIsReadBackAsTheBernsteinVariant() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Detectors.write(HddmADetector.bernstein(), new DataOutputStream(bytes));
        DriftDetector read = Detectors.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(Detectors.HDDM_BERNSTEIN, read.name());
    }

    /** Inputs from the change (0.1 → 0.17 at input 2,000) to the first drift report; 20,000 if none. */
    private static long delay(DriftDetector detector, long seed) {
        BernoulliStream stream = new BernoulliStream(seed, 2_000, 0.1, 0.17);
        for (int t = 0; t < 22_000; t++) {
            if (detector.update(stream.next()) == DriftState.DRIFT && t >= 2_000) {
                return t - 1_999;
            }
        }
        return 20_000;
    }
}
