package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class OnlineReflectionTest {

    static final int D = 5;

    /** RLS with λ = 1 and no reflection is ridge regression with penalty regu on every coordinate of z. */
    @Test
    void withoutReflectionAndForgettingRegressionEqualsBatchRidge() {
        LearnerSpec spec = LearnerSpec.regressor().withForgetting(1.0).withStandardize(false).withRegu(0.5);
        OnlineReflection model = new OnlineReflection(spec, D);
        double[][] x = data(400, 11);
        double[] y = new double[x.length];
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < x.length; i++) {
            y[i] = 0.3 + 2 * x[i][0] - x[i][3] + 0.1 * random.nextDouble();
            assertTrue(model.learnOne(x[i], y[i]));
        }
        double[] expected = ridgeOnAugmented(x, y, 0.5);
        assertArrayEquals(expected, model.weights(), 1e-9);
    }

    @Test
    void withoutReflectionAndForgettingBinaryEqualsBatchRidgeOfTheSpins() {
        LearnerSpec spec = LearnerSpec.classifier(2).withForgetting(1.0).withStandardize(false).withReflect(false)
                .withRegu(0.1);
        OnlineReflection model = new OnlineReflection(spec, D);
        double[][] x = data(300, 21);
        double[] spins = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int label = x[i][0] + x[i][1] > 0 ? 1 : 0;
            spins[i] = 2 * label - 1;
            model.learnOne(x[i], label);
        }
        assertArrayEquals(ridgeOnAugmented(x, spins, 0.1), model.weights(), 1e-9);
    }

    /** Standardising is a change of coordinates: re-expressed exactly at each rebase, it learns the same model. */
    @Test
    void standardisationDoesNotChangeWhatIsLearnt() {
        LearnerSpec raw = LearnerSpec.regressor().withForgetting(1.0).withStandardize(false).withRegu(1e-3);
        OnlineReflection plain = new OnlineReflection(raw, D);
        OnlineReflection standardised = new OnlineReflection(raw.withStandardize(true), D);
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[D];
        for (int i = 0; i < 5000; i++) {
            for (int j = 0; j < D; j++) {
                x[j] = 100 + 50 * random.nextDouble() * (j + 1);
            }
            double y = 3 + 0.02 * x[0] - 0.01 * x[4] + random.nextDouble();
            plain.learnOne(x, y);
            standardised.learnOne(x, y);
        }
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < D; j++) {
                x[j] = 100 + 50 * random.nextDouble() * (j + 1);
            }
            assertEquals(plain.predictValue(x), standardised.predictValue(x), 1e-3);
        }
    }

    @Test
    void adaptiveMemoryStaysLongOnAStationaryConcept() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), D);
        SplittableRandom random = new SplittableRandom(21);
        double[] x = new double[D];
        double sum = 0;
        for (int i = 0; i < 30_000; i++) {
            int label = noisyHyperplane(x, random, 0.0);
            model.learnOne(x, label);
            if (i >= 20_000) {
                sum += model.forgetting();
            }
        }
        assertTrue(sum / 10_000 > 0.9998, "mean λ " + sum / 10_000);
    }

    @Test
    void adaptiveMemoryShortensWhileTheConceptRotates() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), D);
        SplittableRandom random = new SplittableRandom(22);
        double[] x = new double[D];
        double sum = 0;
        for (int i = 0; i < 30_000; i++) {
            int label = noisyHyperplane(x, random, i * 2 * Math.PI / 10_000); // a full turn every 10k examples
            model.learnOne(x, label);
            if (i >= 20_000) {
                sum += model.forgetting();
            }
        }
        assertTrue(sum / 10_000 < 0.9995, "mean λ " + sum / 10_000);
    }

    /** x uniform in [-1, 1]^D; label = [cos(a)·x0 + sin(a)·x1 > 0], flipped with probability 0.1. */
    private static int noisyHyperplane(double[] x, SplittableRandom random, double angle) {
        for (int j = 0; j < D; j++) {
            x[j] = 2 * random.nextDouble() - 1;
        }
        int label = Math.cos(angle) * x[0] + Math.sin(angle) * x[1] > 0 ? 1 : 0;
        return random.nextDouble() < 0.1 ? 1 - label : label;
    }

    @Test
    void learnsALinearlySeparableConcept() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), D);
        int correct = correctOfTheLast1000OfASeparableConcept(model);
        assertTrue(correct > 950, "accuracy on the last 1000: " + correct);
    }

    /** Learns 5,000 examples of a linearly separable concept; returns how many of the last 1,000 it predicted right. */
    private static int correctOfTheLast1000OfASeparableConcept(OnlineReflection model) {
        double[][] x = data(5000, 3);
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            int label = x[i][0] - 0.5 * x[i][2] > 0.1 ? 1 : 0;
            if (i >= 4000 && model.predictClass(x[i]) == label) {
                correct++;
            }
            model.learnOne(x[i], label);
        }
        return correct;
    }

    @Test
    void multiclassProbabilitiesSumToOne() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(4), D);
        double[][] x = data(500, 5);
        double[] p = new double[4];
        for (int i = 0; i < x.length; i++) {
            model.learnOne(x[i], i % 4);
            model.predictProba(x[i], p);
            assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-12);
        }
    }

    @Test
    void nonFiniteFeatureIsRejectedBeforeItTouchesTheModel() {
        OnlineReflection model = trained();
        byte[] before = ModelCodec.encode(model);
        double[] bad = {0, 0, Double.NaN, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.learnOne(bad, 1));
        assertTrue(e.getMessage().contains("feature 2"), e.getMessage());
        assertArrayEquals(before, ModelCodec.encode(model));
    }

    /**
     * Every entry point names the first non-finite feature, NaN or ±∞ wherever it is, before any other fault of the
     * call (a label, target or output array out of range), also right after a prediction for a finite input (whose
     * fields a learnOne of that very input reuses), and leaves the model as it was.
     */
    @Test
    void everyEntryPointNamesTheFirstNonFiniteFeatureFirst() {
        OnlineReflection model = trained();
        OnlineReflection regressor = new OnlineReflection(LearnerSpec.regressor(), D);
        regressor.learnOne(new double[] {1, 2, 3, 4, 5}, 1.0);
        byte[] before = ModelCodec.encode(model);
        byte[] regressorBefore = ModelCodec.encode(regressor);
        double[] finite = {0.5, -1, 2, 0.25, 3};
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int i = 0; i < D; i++) {
                double[] bad = finite.clone();
                bad[i] = value;
                bad[D - 1] = i < D - 1 ? value : bad[D - 1];
                String feature = "feature " + i + " is not finite";
                model.predictProba(finite, new double[2]);
                assertNamed(feature, () -> model.learnOne(bad, 1));
                assertNamed(feature, () -> model.learnOne(bad, 7));
                assertNamed(feature, () -> model.predictProba(bad, new double[2]));
                assertNamed(feature, () -> model.predictProba(bad, new double[3]));
                assertNamed(feature, () -> model.predictClass(bad));
                assertNamed(feature, () -> model.fields(bad, new double[1]));
                assertNamed(feature, () -> regressor.predictValue(bad));
                assertNamed(feature, () -> regressor.learnOne(bad, 1.0));
                assertNamed(feature, () -> regressor.learnOne(bad, Double.NaN));
            }
        }
        assertArrayEquals(before, ModelCodec.encode(model));
        assertArrayEquals(regressorBefore, ModelCodec.encode(regressor));
    }

    private static void assertNamed(String message, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void wrongFeatureCountIsRejected() {
        OnlineReflection model = trained();
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(new double[D + 1], 0));
    }

    @Test
    void labelOutOfRangeIsRejected() {
        OnlineReflection model = trained();
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(new double[D], 2));
    }

    @Test
    void overflowingUpdateIsRefusedCountedAndLeavesTheModelAsItWas() {
        LearnerSpec spec = LearnerSpec.classifier(2).withStandardize(false);
        OnlineReflection model = new OnlineReflection(spec, D);
        double[][] x = data(50, 7);
        for (double[] row : x) {
            model.learnOne(row, row[0] > 0 ? 1 : 0);
        }
        byte[] before = ModelCodec.encode(model);
        long updates = model.updates();
        double[] huge = {1e200, -1e200, 1e200, 0, 1};
        assertFalse(model.learnOne(huge, 1));
        assertEquals(1, model.refused());
        assertEquals(updates, model.updates());
        OnlineReflection restored = ModelCodec.decodeOnline(before);
        assertArrayEquals(restored.weights(), model.weights());
        assertArrayEquals(restored.inverseCovariance(), model.inverseCovariance());
    }

    /**
     * Before the standardiser has a scale for a feature (a model's first examples, or a feature constant so far) the
     * feature's standardised value is 0, so no bound on the update catches a huge value there; its square would
     * overflow the running variance and silence the feature for good. Such an example is refused like any update
     * that could overflow, and the model learns on.
     */
    @Test
    void aValueTooLargeToStandardiseIsRefusedAndTheModelLearnsOn() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), D);
        assertFalse(model.learnOne(new double[] {1e200, 0, 0, 0, 0}, 1));
        assertEquals(1, model.refused());
        assertEquals(0, model.updates());
        assertEquals(0, model.standardizer().count());
        int correct = correctOfTheLast1000OfASeparableConcept(model);
        assertTrue(correct > 950, "accuracy on the last 1000: " + correct);
    }

    @Test
    void forgettingCannotWindUpAnUnexcitedInput() {
        LearnerSpec spec = LearnerSpec.classifier(2).withForgetting(0.99);
        OnlineReflection model = new OnlineReflection(spec, 2);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            double[] x = {random.nextDouble(), 7.0}; // the second input never varies
            model.learnOne(x, x[0] > 0.5 ? 1 : 0);
        }
        double[] p = model.inverseCovariance();
        for (double v : p) {
            assertTrue(Double.isFinite(v));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(p[i * 3 + i] <= 1.0 / spec.regu() * (1 + 1e-12), "P[" + i + "," + i + "] = " + p[i * 3 + i]);
        }
        assertEquals(0, model.refused());
    }

    @Test
    void covarianceResetKeepsWeightsAndReopensTheMatrix() {
        OnlineReflection model = trained();
        double[] weights = model.weights();
        model.resetCovariance();
        assertArrayEquals(weights, model.weights());
        double[] p = model.inverseCovariance();
        assertEquals(1.0 / model.spec().regu(), p[0], 0.0);
        assertEquals(0.0, p[1], 0.0);
    }

    @Test
    void predictionDoesNotChangeTheModel() {
        OnlineReflection model = trained();
        byte[] before = ModelCodec.encode(model);
        model.predictProba(new double[D], new double[2]);
        model.predictClass(new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(before, ModelCodec.encode(model));
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        OnlineReflection model = trained();
        OnlineReflection copy = model.copy();
        assertArrayEquals(ModelCodec.encode(model), ModelCodec.encode(copy));
        model.learnOne(new double[] {1, 1, 1, 1, 1}, 1);
        assertFalse(java.util.Arrays.equals(ModelCodec.encode(model), ModelCodec.encode(copy)));
    }

    static OnlineReflection trained() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), D);
        for (double[] row : data(200, 9)) {
            model.learnOne(row, row[1] > 0 ? 1 : 0);
        }
        return model;
    }

    static double[][] data(int n, long seed) {
        return UniformInputs.of(n, D, seed);
    }

    /** Independent check: solve (regu·I + ZᵀZ) w = Zᵀy with z = (1, x) by EJML's general solver. */
    private static double[] ridgeOnAugmented(double[][] x, double[] y, double regu) {
        int m = x[0].length + 1;
        DMatrixRMaj z = new DMatrixRMaj(x.length, m);
        for (int i = 0; i < x.length; i++) {
            z.set(i, 0, 1.0);
            for (int j = 1; j < m; j++) {
                z.set(i, j, x[i][j - 1]);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransA(z, z, a);
        for (int j = 0; j < m; j++) {
            a.add(j, j, regu);
        }
        DMatrixRMaj b = new DMatrixRMaj(m, 1);
        CommonOps_DDRM.multTransA(z, new DMatrixRMaj(y.length, 1, true, y), b);
        DMatrixRMaj w = new DMatrixRMaj(m, 1);
        assertTrue(CommonOps_DDRM.solve(a, b, w));
        return w.data;
    }
}
