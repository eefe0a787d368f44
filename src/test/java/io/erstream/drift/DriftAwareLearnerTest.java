package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftAwareLearnerTest {

    private static final int D = 4;
    private static final LearnerSpec SPEC = LearnerSpec.classifier(2);

    /** A clean concept [x0 > 0], flipped to [x0 <= 0] from example {@code flipAt} on; 5% label noise. */
    private static int example(double[] x, SplittableRandom random, long index, long flipAt) {
        for (int j = 0; j < D; j++) {
            x[j] = 2 * random.nextDouble() - 1;
        }
        int label = x[0] > 0 ? 1 : 0;
        if (index >= flipAt) {
            label = 1 - label;
        }
        return random.nextDouble() < 0.05 ? 1 - label : label;
    }

    private static List<Long> run(DriftAwareLearner learner, int n, long flipAt, long seed) {
        List<Long> drifts = new ArrayList<>();
        learner.onDrift(drifts::add);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[D];
        double[] p = new double[2];
        for (long i = 0; i < n; i++) {
            int label = example(x, random, i, flipAt);
            learner.predictProba(x, p);
            learner.learnOne(x, label);
        }
        return drifts;
    }

    @Test
    void anAbruptChangeIsDetectedOnceAndSoon() {
        DriftAwareLearner learner = DriftAwareLearner.withDefaults(SPEC, D);
        List<Long> drifts = run(learner, 20_000, 10_000, 1);
        assertEquals(1, drifts.size(), "drifts " + drifts);
        assertTrue(drifts.get(0) >= 10_000 && drifts.get(0) < 10_200, "detected at " + drifts.get(0));
    }

    @Test
    void aStationaryConceptRaisesNoAlarm() {
        DriftAwareLearner learner = DriftAwareLearner.withDefaults(SPEC, D);
        assertEquals(List.of(), run(learner, 50_000, Long.MAX_VALUE, 2));
    }

    @Test
    void resetCovarianceKeepsTheModelButReopensItsCovariance() {
        DriftAwareLearner learner = new DriftAwareLearner(SPEC, D, new HddmADetector(), DriftPolicy.RESET_COVARIANCE);
        OnlineReflection before = learner.live();
        List<Long> drifts = run(learner, 10_050 + 10, 10_000, 3);
        assertSame(before, learner.live());
        assertTrue(drifts.size() == 1, "drifts " + drifts);
    }

    @Test
    void resetModelStartsAFreshModel() {
        DriftAwareLearner learner = new DriftAwareLearner(SPEC, D, new HddmADetector(), DriftPolicy.RESET_MODEL);
        OnlineReflection before = learner.live();
        run(learner, 12_000, 10_000, 4);
        assertNotSame(before, learner.live());
        assertTrue(learner.live().updates() < 2_000, "fresh model updates " + learner.live().updates());
    }

    @Test
    void warnThenSwapReplacesTheLiveModelAtTheDrift() {
        DriftAwareLearner learner = new DriftAwareLearner(SPEC, D, new DdmDetector(), DriftPolicy.WARN_THEN_SWAP);
        OnlineReflection before = learner.live();
        List<Long> drifts = run(learner, 12_000, 10_000, 5);
        assertTrue(!drifts.isEmpty(), "no drift detected");
        assertNotSame(before, learner.live());
    }

    @Test
    void policyNoneDetectsButLearnsExactlyLikePlainOnlineEr() {
        DriftAwareLearner aware = new DriftAwareLearner(SPEC, D, new HddmADetector(), DriftPolicy.NONE);
        OnlineReflection plain = new OnlineReflection(SPEC, D);
        SplittableRandom random = new SplittableRandom(6);
        double[] x = new double[D];
        double[] p = new double[2];
        for (long i = 0; i < 20_000; i++) {
            int label = example(x, random, i, 10_000);
            aware.predictProba(x, p);
            aware.learnOne(x, label);
            plain.predictProba(x, p);
            plain.learnOne(x, label);
        }
        assertTrue(aware.detections() >= 1);
        assertArrayEquals(plain.weights(), aware.live().weights());
    }

    @Test
    void anUnknownPolicyNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftPolicy.of("panic"));
        assertTrue(e.getMessage().contains("reset-covariance"), e.getMessage());
    }

    @Test
    void regressionIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> DriftAwareLearner.withDefaults(LearnerSpec.regressor(), D));
    }
}
