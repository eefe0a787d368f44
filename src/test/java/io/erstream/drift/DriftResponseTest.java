package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineReflection;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a model's drift state reports: every drift, but only the first warning of a run of warnings. */
class ModelDriftTest {

    @Test
    void reportsEveryDriftAndOnlyTheFirstWarningOfARun() {
        DriftResponse drift = DriftResponse.fresh(Detectors.byName(Detectors.HDDM_A), DriftPolicy.NONE);
        OnlineReflection learner = new OnlineReflection(LearnerSpec.classifier(2), 2);
        Random random = new Random(1);
        DriftState previous = DriftState.STABLE;
        int longestWarningRun = 0;
        int run = 0;
        for (int i = 0; i < 4000; i++) {
            double errorRate = i < 2000 ? 0.1 : 0.1 + 0.2 * (i - 2000) / 2000.0; // a slow rise: long warnings
            drift.observe(random.nextDouble() < errorRate, learner);
            DriftState now = drift.state();
            boolean expected = now == DriftState.DRIFT || (now == DriftState.WARNING && previous != DriftState.WARNING);
            assertEquals(expected, drift.reportable(), "example " + i + ": " + previous + " → " + now);
            run = now == DriftState.WARNING ? run + 1 : 0;
            longestWarningRun = Math.max(longestWarningRun, run);
            previous = now;
        }
        assertTrue(longestWarningRun > 1, "the stream must contain a run of warnings, longest " + longestWarningRun);
    }
}
