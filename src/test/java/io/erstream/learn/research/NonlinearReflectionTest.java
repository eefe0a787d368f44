package io.erstream.learn.research;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.eval.AgrawalGenerator;
import io.erstream.eval.Example;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.UniformInputs;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class NonlinearReflectionTest {

    private static final int D = 4;
    private static final LearnerSpec SPEC = LearnerSpec.classifier(2);

    @Test
    void learnsXorWhichLinearErCannot() {
        ToIntFunction<double[]> xor = x -> (x[0] > 0) != (x[1] > 0) ? 1 : 0;
        double nonlinear = lastThousandAccuracy(NonlinearReflection.withDefaults(SPEC, D, 1), xor, 6000, 3);
        double linear = lastThousandAccuracy(new OnlineReflection(SPEC, D), xor, 6000, 3);
        assertTrue(nonlinear > 0.9, "nonlinear ER on XOR: " + nonlinear);
        assertTrue(linear < 0.7, "linear ER on XOR: " + linear);
    }

    /** Agrawal's function 1 in miniature: one class inside a band of one input, the other outside it. */
    @Test
    void learnsABandRuleWhichLinearErCannot() {
        ToIntFunction<double[]> band = x -> Math.abs(x[2]) < 0.4 ? 1 : 0;
        double nonlinear = lastThousandAccuracy(NonlinearReflection.withDefaults(SPEC, D, 1), band, 6000, 4);
        double linear = lastThousandAccuracy(new OnlineReflection(SPEC, D), band, 6000, 4);
        assertTrue(nonlinear > 0.95, "nonlinear ER on a band: " + nonlinear);
        assertTrue(linear < 0.7, "linear ER on a band: " + linear);
    }

    /** Agrawal's function 2: salary bands that depend on the age band, an interaction no additive model has. */
    @Test
    void learnsAgrawalsAgeDependentSalaryBands() {
        NonlinearReflection nonlinear = NonlinearReflection.withDefaults(SPEC, 9, 1);
        OnlineReflection linear = new OnlineReflection(SPEC, 9);
        AgrawalGenerator stream = new AgrawalGenerator(20_000, 5, 2, 0.0, false);
        Example example = new Example(9);
        double[] p = new double[2];
        int nonlinearCorrect = 0;
        int linearCorrect = 0;
        for (int i = 0; stream.next(example); i++) {
            if (i >= 18_000) {
                nonlinear.predictProba(example.x, p);
                nonlinearCorrect += (p[1] > p[0] ? 1 : 0) == example.label ? 1 : 0;
                linearCorrect += linear.predictClass(example.x) == example.label ? 1 : 0;
            }
            nonlinear.learnOne(example.x, example.label);
            linear.learnOne(example.x, example.label);
        }
        assertTrue(nonlinearCorrect > 0.93 * 2000, "nonlinear ER, last 2000: " + nonlinearCorrect);
        assertTrue(linearCorrect < 0.8 * 2000, "linear ER, last 2000: " + linearCorrect);
    }

    @Test
    void partitionsTheInputSpaceWhenAThresholdSeparatesTheClasses() {
        NonlinearReflection model = NonlinearReflection.withDefaults(SPEC, D, 1);
        train(model, x -> (x[0] > 0.2) != (x[3] > -0.3) ? 1 : 0, 4000, 5);
        assertTrue(model.leaves() > 1, "leaves: " + model.leaves());
    }

    @Test
    void doesNotPartitionOnLabelsNoInputExplains() {
        NonlinearReflection model = NonlinearReflection.withDefaults(SPEC, D, 1);
        SplittableRandom coin = new SplittableRandom(99);
        train(model, x -> coin.nextInt(2), 4000, 6);
        assertEquals(1, model.leaves());
    }

    /** On a linear concept the linear expert predicts: the feature layer's variance costs (almost) nothing. */
    @Test
    void staysAsGoodAsLinearErOnALinearConcept() {
        ToIntFunction<double[]> plane = x -> x[0] - 0.5 * x[1] + 0.3 * x[3] > 0.1 ? 1 : 0;
        double nonlinear = lastThousandAccuracy(NonlinearReflection.withDefaults(SPEC, D, 1), plane, 5000, 7);
        double linear = lastThousandAccuracy(new OnlineReflection(SPEC, D), plane, 5000, 7);
        assertTrue(nonlinear >= linear - 0.01, "nonlinear " + nonlinear + " vs linear " + linear);
    }

    @Test
    void sameSeedSameModelDifferentSeedDifferentFeatures() {
        NonlinearReflection a = NonlinearReflection.withDefaults(SPEC, D, 11);
        NonlinearReflection b = NonlinearReflection.withDefaults(SPEC, D, 11);
        NonlinearReflection c = NonlinearReflection.withDefaults(SPEC, D, 12);
        ToIntFunction<double[]> xor = x -> (x[0] > 0) != (x[1] > 0) ? 1 : 0;
        train(a, xor, 3000, 8);
        train(b, xor, 3000, 8);
        train(c, xor, 3000, 8);
        double[][] probe = data(200, 9);
        assertArrayEquals(probabilities(a, probe), probabilities(b, probe));
        assertFalse(Arrays.equals(probabilities(a, probe), probabilities(c, probe)));
    }

    @Test
    void nonFiniteFeatureIsRejectedAndTheModelLearnsOnAsIfItNeverCame() {
        NonlinearReflection model = NonlinearReflection.withDefaults(SPEC, D, 1);
        NonlinearReflection twin = NonlinearReflection.withDefaults(SPEC, D, 1);
        ToIntFunction<double[]> xor = x -> (x[0] > 0) != (x[1] > 0) ? 1 : 0;
        train(model, xor, 1000, 10);
        train(twin, xor, 1000, 10);
        double[] bad = {0.1, Double.NaN, 0.2, 0.3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.learnOne(bad, 1));
        assertTrue(e.getMessage().contains("feature 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(new double[] {0, 0, Double.POSITIVE_INFINITY, 0}, 0));
        assertEquals(twin.updates(), model.updates());
        train(model, xor, 1000, 11);
        train(twin, xor, 1000, 11);
        double[][] probe = data(200, 12);
        assertArrayEquals(probabilities(twin, probe), probabilities(model, probe));
    }

    @Test
    void wrongDimensionAndLabelOutOfRangeAreRejected() {
        NonlinearReflection model = NonlinearReflection.withDefaults(SPEC, D, 1);
        IllegalArgumentException dimension = assertThrows(IllegalArgumentException.class,
                () -> model.learnOne(new double[D + 1], 0));
        assertTrue(dimension.getMessage().contains("expected " + D), dimension.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predictProba(new double[D - 1], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(new double[D], 2));
        assertEquals(0, model.updates());
    }

    @Test
    void regressionIsRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> NonlinearReflection.withDefaults(LearnerSpec.regressor(), D, 1));
    }

    @Test
    void probabilitiesSumToOneForMulticlass() {
        NonlinearReflection model = NonlinearReflection.withDefaults(LearnerSpec.classifier(3), D, 1);
        double[][] x = data(600, 13);
        double[] p = new double[3];
        for (int i = 0; i < x.length; i++) {
            model.learnOne(x[i], x[i][0] < -0.3 ? 0 : x[i][0] < 0.3 ? 1 : 2);
            model.predictProba(x[i], p);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double lastThousandAccuracy(OnlineLearner model, ToIntFunction<double[]> rule, int n, long seed) {
        double[][] x = data(n, seed);
        double[] p = new double[2];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int label = rule.applyAsInt(x[i]);
            model.predictProba(x[i], p);
            if (i >= n - 1000 && (p[1] > p[0] ? 1 : 0) == label) {
                correct++;
            }
            model.learnOne(x[i], label);
        }
        return correct / 1000.0;
    }

    private static void train(OnlineLearner model, ToIntFunction<double[]> rule, int n, long seed) {
        for (double[] row : data(n, seed)) {
            model.learnOne(row, rule.applyAsInt(row));
        }
    }

    private static double[] probabilities(OnlineLearner model, double[][] probe) {
        double[] all = new double[probe.length * 2];
        double[] p = new double[2];
        for (int i = 0; i < probe.length; i++) {
            model.predictProba(probe[i], p);
            all[2 * i] = p[0];
            all[2 * i + 1] = p[1];
        }
        return all;
    }

    private static double[][] data(int n, long seed) {
        return UniformInputs.of(n, D, seed);
    }
}
