package io.erstream.learn.research;

import io.erstream.learn.LinearModel;
import io.erstream.learn.Reflection;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Batch Expectation Reflection with the reference semantics of docs/method.md §2–3: start from seeded random weights
 * (b = 0, w ~ N(0, 1/√d)), then repeat {fields; Brier cost; stop when the cost stops decreasing; reflect; ridge
 * solve} for at most {@code maxIterations}. As in the reference code, the weights returned are those of the
 * last solve, including the one whose cost ended the loop.
 */
public final class BatchReflection {

    /** The two multiclass forms of docs/method.md §3. */
    public enum Multiclass {
        ONE_VS_REST,
        SOFTMAX
    }

    /**
     * @param maxIterations at most this many reflect-and-solve steps (reference: 100)
     * @param regu ridge strength added to the input covariance (reference: 0.01)
     * @param seed seed of the initial weights
     * @param zeroInit start from h = 0 instead of random weights (then one iteration is ridge regression of 2s)
     * @param multiclass the multiclass form
     */
    public record Options(int maxIterations, double regu, long seed, boolean zeroInit, Multiclass multiclass) {

        public Options {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
            }
            if (!(regu >= 0) || Double.isInfinite(regu)) {
                throw new IllegalArgumentException("regu must be finite and non-negative, got " + regu);
            }
        }

        public static Options defaults() {
            return new Options(100, 0.01, 1L, false, Multiclass.ONE_VS_REST);
        }

        public Options withMaxIterations(int value) {
            return new Options(value, regu, seed, zeroInit, multiclass);
        }

        public Options withRegu(double value) {
            return new Options(maxIterations, value, seed, zeroInit, multiclass);
        }

        public Options withZeroInit(boolean value) {
            return new Options(maxIterations, regu, seed, value, multiclass);
        }

        public Options withMulticlass(Multiclass value) {
            return new Options(maxIterations, regu, seed, zeroInit, value);
        }
    }

    private BatchReflection() {
    }

    /** Fits a classifier; labels are class indices in [0, classes). */
    public static LinearModel fitClassifier(double[][] x, int[] labels, int classes, Options options) {
        requireShape(x, labels.length);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i]
                        + ", outside [0, " + classes + ")");
            }
        }
        CentredRidge ridge = new CentredRidge(x, options.regu());
        if (classes == 2) {
            Unit unit = fitBinaryUnit(ridge, x, labels, 1, options, options.seed());
            return new LinearModel(LinearModel.Output.BINARY, ridge.dimension(), new double[] {unit.bias},
                    unit.weights, unit.iterations);
        }
        if (options.multiclass() == Multiclass.SOFTMAX) {
            return fitSoftmax(ridge, x, labels, classes, options);
        }
        return fitOneVsRest(ridge, labels, classes, options);
    }

    /**
     * One binary ER per class, run side by side so each iteration is one fields product and one solve for all
     * classes; each class stops on its own Brier cost (then keeps its last solve, as the reference does).
     */
    private static LinearModel fitOneVsRest(CentredRidge ridge, int[] labels, int classes, Options options) {
        int n = labels.length;
        int d = ridge.dimension();
        DMatrixRMaj w = new DMatrixRMaj(d, classes);
        for (int k = 0; k < classes; k++) {
            double[] column = new double[d];
            initialWeights(column, d, options.seed() + k, options.zeroInit());
            for (int j = 0; j < d; j++) {
                w.set(j, k, column[j]);
            }
        }
        double[] b = new double[classes];
        DMatrixRMaj fields = new DMatrixRMaj(n, classes);
        DMatrixRMaj targets = new DMatrixRMaj(n, classes);
        DMatrixRMaj solved = new DMatrixRMaj(d, classes);
        double[] solvedBias = new double[classes];
        double[] previous = new double[classes];
        java.util.Arrays.fill(previous, Double.POSITIVE_INFINITY);
        boolean[] active = new boolean[classes];
        java.util.Arrays.fill(active, true);
        int[] iterations = new int[classes];
        double[] cost = new double[classes];
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            ridge.fields(w, b, fields);
            java.util.Arrays.fill(cost, 0);
            StrictReflection.reflectOneVsRest(fields.data, labels, classes, targets.data, cost);
            boolean any = false;
            for (int k = 0; k < classes; k++) {
                if (active[k] && iteration > 0 && cost[k] / n >= previous[k]) {
                    active[k] = false;
                }
                previous[k] = cost[k] / n;
                any |= active[k];
            }
            if (!any) {
                break;
            }
            ridge.solve(targets, solved, solvedBias);
            for (int k = 0; k < classes; k++) {
                if (active[k]) {
                    for (int j = 0; j < d; j++) {
                        w.set(j, k, solved.get(j, k));
                    }
                    b[k] = solvedBias[k];
                    iterations[k]++;
                }
            }
        }
        double[] rows = new double[classes * d];
        int most = 0;
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < d; j++) {
                rows[k * d + j] = w.get(j, k);
            }
            most = Math.max(most, iterations[k]);
        }
        return new LinearModel(LinearModel.Output.ONE_VS_REST, d, b, rows, most);
    }

    /** Fits a regressor: with the identity link the reflected field is the target, so ER is one ridge solve. */
    public static LinearModel fitRegressor(double[][] x, double[] y, Options options) {
        requireShape(x, y.length);
        CentredRidge ridge = new CentredRidge(x, options.regu());
        DMatrixRMaj targets = new DMatrixRMaj(y.length, 1, true, y);
        DMatrixRMaj w = new DMatrixRMaj(ridge.dimension(), 1);
        double[] b = new double[1];
        ridge.solve(targets, w, b);
        return new LinearModel(LinearModel.Output.IDENTITY, ridge.dimension(), b, w.data, 1);
    }

    private record Unit(double bias, double[] weights, int iterations) {
    }

    /** Binary ER of "label == positive" against the rest. */
    private static Unit fitBinaryUnit(CentredRidge ridge, double[][] x, int[] labels, int positive,
                                      Options options, long seed) {
        int n = x.length;
        int d = ridge.dimension();
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        initialWeights(w.data, d, seed, options.zeroInit());
        double[] b = new double[1];
        DMatrixRMaj targets = new DMatrixRMaj(n, 1);
        double previous = Double.POSITIVE_INFINITY;
        int iterations = 0;
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            double cost = 0;
            for (int i = 0; i < n; i++) {
                double h = field(x[i], w.data, 0, b[0]);
                double y = labels[i] == positive ? 1.0 : 0.0;
                double e = StrictReflection.sigmoid(h) - y;
                cost += e * e;
                targets.data[i] = StrictReflection.spin(h, 2 * y - 1);
            }
            cost /= n;
            if (iteration > 0 && cost >= previous) {
                break;
            }
            previous = cost;
            ridge.solve(targets, w, b);
            iterations++;
        }
        return new Unit(b[0], w.data.clone(), iterations);
    }

    private static LinearModel fitSoftmax(CentredRidge ridge, double[][] x, int[] labels, int classes,
                                          Options options) {
        int n = x.length;
        int d = ridge.dimension();
        DMatrixRMaj w = new DMatrixRMaj(d, classes);
        initialWeights(w.data, d, options.seed(), options.zeroInit());
        double[] b = new double[classes];
        DMatrixRMaj targets = new DMatrixRMaj(n, classes);
        DMatrixRMaj fields = new DMatrixRMaj(n, classes);
        double[] p = new double[classes];
        double previous = Double.POSITIVE_INFINITY;
        int iterations = 0;
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            ridge.fields(w, b, fields);
            double cost = StrictReflection.reflectSoftmax(fields.data, labels, classes, targets.data, p)
                    / ((double) n * classes);
            if (iteration > 0 && cost >= previous) {
                break;
            }
            previous = cost;
            ridge.solve(targets, w, b);
            centreAcrossClasses(w, b);
            iterations++;
        }
        // w is d × K (column per class); the model wants K × d rows.
        double[] rows = new double[classes * d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < classes; k++) {
                rows[k * d + j] = w.get(j, k);
            }
        }
        return new LinearModel(LinearModel.Output.SOFTMAX, d, b, rows, iterations);
    }

    /** Softmax fields are defined up to a shift shared by all classes; the centred solution is the unique one. */
    static void centreAcrossClasses(DMatrixRMaj w, double[] b) {
        int classes = b.length;
        for (int j = 0; j < w.numRows; j++) {
            double mean = 0;
            for (int k = 0; k < classes; k++) {
                mean += w.get(j, k);
            }
            mean /= classes;
            for (int k = 0; k < classes; k++) {
                w.set(j, k, w.get(j, k) - mean);
            }
        }
        double mean = 0;
        for (double v : b) {
            mean += v;
        }
        mean /= classes;
        for (int k = 0; k < classes; k++) {
            b[k] -= mean;
        }
    }

    private static void initialWeights(double[] w, int d, long seed, boolean zero) {
        if (zero) {
            return;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sd = 1.0 / Math.sqrt(d);
        for (int i = 0; i < w.length; i++) {
            w[i] = sd * Gaussian.next(random);
        }
    }

    private static double field(double[] row, double[] w, int column, double bias) {
        return field(row, w, column, bias, 1);
    }

    /** b + Σ_j x_j w[j, column] for w stored d × columns row-major. */
    private static double field(double[] row, double[] w, int column, double bias, int columns) {
        double h = bias;
        for (int j = 0; j < row.length; j++) {
            h += row[j] * w[j * columns + column];
        }
        return h;
    }

    private static void requireShape(double[][] x, int labels) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no examples to fit");
        }
        if (x.length != labels) {
            throw new IllegalArgumentException(x.length + " rows but " + labels + " labels");
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("row " + i + ", feature " + j + " is not finite");
                }
            }
        }
    }
}
