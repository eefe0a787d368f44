package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DdmDetectorTest extends DriftDetectorContract {

    @Override
    DriftDetector create() {
        return new DdmDetector();
    }

    @Override
    int maxDelayForAbruptIncrease() {
        return 500; // measured max 410 over seeds 1..50
    }

    @Override
    int maxFalseAlarmsOnStationaryStream() {
        return 3; // measured up to 3 per 100,000 at rate 0.2 (seeds 1..20)
    }

    @Test
    void reachesWarningBeforeDriftOnAGradualIncrease() {
        seeds:
        for (long seed : SEEDS) {
            DdmDetector ddm = new DdmDetector();
            SplittableRandom random = new SplittableRandom(seed);
            boolean warnedSinceRestart = false;
            for (int t = 0; t < 6_000; t++) {
                double rate = 0.1 + 0.5 * Math.max(0, t - 1_000) / 5_000.0;
                DriftState state = ddm.update(random.nextDouble() < rate ? 1 : 0);
                if (state == DriftState.DRIFT && t >= 1_000) {
                    assertTrue(warnedSinceRestart, "DRIFT at " + t + " without WARNING, seed " + seed);
                    continue seeds;
                }
                warnedSinceRestart = state == DriftState.WARNING || (warnedSinceRestart && state != DriftState.DRIFT);
            }
            fail("the ramp was not detected, seed " + seed);
        }
    }

    @Test
    void errorFreeWarmUpDoesNotTurnTheFirstErrorIntoDrift() {
        DdmDetector ddm = new DdmDetector();
        for (int t = 0; t < 100; t++) {
            ddm.update(0);
        }
        assertNotEquals(DriftState.DRIFT, ddm.update(1));
    }

    @Test
    void statisticCountsStandardDeviationsAboveTheMinimum() {
        DdmDetector ddm = new DdmDetector();
        DriftState state = DriftState.STABLE;
        BernoulliStream stream = abrupt(1);
        while (state != DriftState.DRIFT) {
            state = ddm.update(stream.next());
        }
        assertTrue(ddm.statistic() > DdmDetector.DEFAULT_DRIFT_LEVEL, "statistic " + ddm.statistic());
    }

    @Test
    void rejectsDriftLevelBelowWarningLevel() {
        assertThrows(IllegalArgumentException.class, () -> new DdmDetector(30, 3, 2));
    }
}
