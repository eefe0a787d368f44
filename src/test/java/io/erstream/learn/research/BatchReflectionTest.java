package io.erstream.learn.research;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.learn.LinearModel;
import io.erstream.learn.ModelCodec;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class BatchReflectionTest {

    @Test
    void oneIterationFromZeroFieldIsCentredRidgeRegressionOfTwiceTheSpin() {
        double[][] x = gaussian(300, 4, 1);
        int[] labels = labels(x, 2);
        LinearModel model = BatchReflection.fitClassifier(x, labels, 2,
                BatchReflection.Options.defaults().withZeroInit(true).withMaxIterations(1));
        double[] targets = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            targets[i] = 2.0 * (2 * labels[i] - 1);
        }
        double[] expected = centredRidge(x, targets, 0.01);
        assertEquals(expected[0], model.bias()[0], 1e-9);
        double[] w = model.weights();
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j + 1], w[j], 1e-9);
        }
        assertEquals(1, model.iterations());
    }

    @Test
    void regressionIsOneCentredRidgeSolve() {
        double[][] x = gaussian(200, 3, 2);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1.5 - x[i][0] + 0.25 * x[i][2];
        }
        LinearModel model = BatchReflection.fitRegressor(x, y, BatchReflection.Options.defaults().withRegu(0));
        assertEquals(1.5, model.bias()[0], 1e-9);
        assertArrayEquals(new double[] {-1, 0, 0.25}, model.weights(), 1e-9);
    }

    @Test
    void binaryFitStopsWhenTheBrierCostStopsDecreasing() {
        double[][] x = gaussian(500, 5, 3);
        int[] labels = noisyLabels(x, 0.1, 4);
        LinearModel model = BatchReflection.fitClassifier(x, labels, 2, BatchReflection.Options.defaults());
        assertTrue(model.iterations() > 1 && model.iterations() < 100, "iterations " + model.iterations());
        assertTrue(accuracy(model, x, labels) > 0.85);
    }

    @Test
    void multiclassFormsBothLearnThreeBlobs() {
        double[][] x = gaussian(600, 2, 5);
        int[] labels = new int[x.length];
        double[][] centres = {{3, 0}, {-3, 0}, {0, 3}};
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % 3;
            x[i][0] += centres[labels[i]][0];
            x[i][1] += centres[labels[i]][1];
        }
        for (BatchReflection.Multiclass form : BatchReflection.Multiclass.values()) {
            LinearModel model = BatchReflection.fitClassifier(x, labels, 3,
                    BatchReflection.Options.defaults().withMulticlass(form));
            assertTrue(accuracy(model, x, labels) > 0.95, form + ": " + accuracy(model, x, labels));
            double[] p = new double[3];
            model.predictProba(x[0], p, new double[3]);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        }
    }

    @Test
    void softmaxWeightsAreCentredAcrossClasses() {
        double[][] x = gaussian(300, 3, 6);
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            labels[i] = x[i][0] > 0.5 ? 2 : x[i][0] < -0.5 ? 0 : 1;
        }
        LinearModel model = BatchReflection.fitClassifier(x, labels, 3,
                BatchReflection.Options.defaults().withMulticlass(BatchReflection.Multiclass.SOFTMAX));
        double[] w = model.weights();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, w[j] + w[3 + j] + w[6 + j], 1e-9);
        }
        double[] b = model.bias();
        assertEquals(0.0, b[0] + b[1] + b[2], 1e-9);
    }

    @Test
    void aLabelOutsideTheClassesIsRejectedNamingTheRow() {
        double[][] x = gaussian(10, 2, 7);
        int[] labels = new int[10];
        labels[6] = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchReflection.fitClassifier(x, labels, 2, BatchReflection.Options.defaults()));
        assertTrue(e.getMessage().contains("row 6"), e.getMessage());
    }

    @Test
    void aNonFiniteFeatureIsRejectedNamingRowAndFeature() {
        double[][] x = gaussian(10, 2, 8);
        x[4][1] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchReflection.fitClassifier(x, new int[10], 2, BatchReflection.Options.defaults()));
        assertTrue(e.getMessage().contains("row 4, feature 1"), e.getMessage());
    }

    @Test
    void fitIsDeterministicUnderTheSeed() {
        double[][] x = gaussian(200, 3, 9);
        int[] labels = noisyLabels(x, 0.2, 10);
        LinearModel a = BatchReflection.fitClassifier(x, labels, 2, BatchReflection.Options.defaults());
        LinearModel b = BatchReflection.fitClassifier(x, labels, 2, BatchReflection.Options.defaults());
        assertArrayEquals(ModelCodec.encode(a), ModelCodec.encode(b));
    }

    static double accuracy(LinearModel model, double[][] x, int[] labels) {
        double[] scratch = new double[Math.max(1, model.classes() == 2 ? 1 : model.classes())];
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            if (model.predictClass(x[i], scratch) == labels[i]) {
                correct++;
            }
        }
        return correct / (double) x.length;
    }

    static double[][] gaussian(int n, int d, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    static int[] labels(double[][] x, int unused) {
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            labels[i] = x[i][0] - x[i][1] > 0 ? 1 : 0;
        }
        return labels;
    }

    static int[] noisyLabels(double[][] x, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = labels(x, 0);
        for (int i = 0; i < labels.length; i++) {
            if (random.nextDouble() < noise) {
                labels[i] = 1 - labels[i];
            }
        }
        return labels;
    }

    /** Independent check: [b, w] from (C + regu·I) w = Cov(x, t), b = mean(t) − mean(x)·w, by plain EJML. */
    private static double[] centredRidge(double[][] x, double[] t, double regu) {
        int n = x.length;
        int d = x[0].length;
        DMatrixRMaj xm = new DMatrixRMaj(x);
        DMatrixRMaj means = new DMatrixRMaj(1, d);
        CommonOps_DDRM.sumCols(xm, means);
        CommonOps_DDRM.divide(means, n);
        double tMean = 0;
        for (double v : t) {
            tMean += v;
        }
        tMean /= n;
        DMatrixRMaj xc = xm.copy();
        DMatrixRMaj tc = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xc.add(i, j, -means.get(0, j));
            }
            tc.set(i, 0, t[i] - tMean);
        }
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(1.0 / n, xc, xc, c);
        for (int j = 0; j < d; j++) {
            c.add(j, j, regu);
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(1.0 / n, xc, tc, cov);
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        assertTrue(CommonOps_DDRM.solve(c, cov, w));
        double[] out = new double[d + 1];
        out[0] = tMean;
        for (int j = 0; j < d; j++) {
            out[0] -= means.get(0, j) * w.get(j, 0);
            out[j + 1] = w.get(j, 0);
        }
        return out;
    }
}
