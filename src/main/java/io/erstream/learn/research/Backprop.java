package io.erstream.learn.research;

import io.erstream.learn.LinearModel;
import io.erstream.learn.MultilayerModel;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * The baseline for {@link MultilayerReflection}: the same architecture (x → tanh hidden → softmax) trained by
 * plain mini-batch backpropagation of the softmax cross-entropy with Adam (β₁ 0.9, β₂ 0.999, ε 1e-8). Glorot
 * initialisation (N(0, 1/fan-in) for W₁, N(0, 1/H) for W₂, zero biases), seeded shuffling each epoch. A small,
 * honest implementation: no weight decay, no learning-rate schedule, no early stopping.
 */
public final class Backprop {

    /**
     * @param hidden hidden units
     * @param epochs passes over the training set
     * @param batch mini-batch size
     * @param learningRate Adam's step size
     * @param seed initial weights and shuffling
     */
    public record Options(int hidden, int epochs, int batch, double learningRate, long seed) {
        public Options {
            if (hidden < 1 || epochs < 1 || batch < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("hidden, epochs, batch ≥ 1 and learningRate > 0");
            }
        }

        public static Options defaults(int hidden, int epochs) {
            return new Options(hidden, epochs, 128, 1e-3, 1L);
        }
    }

    /** Called with the model after each epoch (1-based). */
    @FunctionalInterface
    public interface Listener {
        void afterEpoch(int epoch, MultilayerModel model);
    }

    private Backprop() {
    }

    public static MultilayerModel fit(double[][] x, int[] labels, int classes, Options options, Listener listener) {
        int n = x.length;
        int d = x[0].length;
        int hidden = options.hidden();
        SplittableRandom random = new SplittableRandom(options.seed());
        Param w1 = new Param(d * hidden);
        Param b1 = new Param(hidden);
        Param w2 = new Param(hidden * classes);
        Param b2 = new Param(classes);
        double s1 = 1 / Math.sqrt(d);
        for (int i = 0; i < w1.value.length; i++) {
            w1.value[i] = s1 * Gaussian.next(random);
        }
        double s2 = 1 / Math.sqrt(hidden);
        for (int i = 0; i < w2.value.length; i++) {
            w2.value[i] = s2 * Gaussian.next(random);
        }
        DMatrixRMaj w1m = DMatrixRMaj.wrap(d, hidden, w1.value);
        DMatrixRMaj w2m = DMatrixRMaj.wrap(hidden, classes, w2.value);
        DMatrixRMaj dw1 = DMatrixRMaj.wrap(d, hidden, w1.grad);
        DMatrixRMaj dw2 = DMatrixRMaj.wrap(hidden, classes, w2.grad);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int batch = options.batch();
        DMatrixRMaj xb = new DMatrixRMaj(batch, d);
        DMatrixRMaj a = new DMatrixRMaj(batch, hidden);
        DMatrixRMaj f = new DMatrixRMaj(batch, classes);
        DMatrixRMaj ga = new DMatrixRMaj(batch, hidden);
        long step = 0;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += batch) {
                int rows = Math.min(batch, n - start);
                xb.reshape(rows, d);
                a.reshape(rows, hidden);
                f.reshape(rows, classes);
                ga.reshape(rows, hidden);
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(x[order[start + i]], 0, xb.data, i * d, d);
                }
                CommonOps_MT_DDRM.mult(xb, w1m, a);
                for (int i = 0; i < rows; i++) {
                    for (int u = 0; u < hidden; u++) {
                        int at = i * hidden + u;
                        a.data[at] = Math.tanh(a.data[at] + b1.value[u]);
                    }
                }
                CommonOps_MT_DDRM.mult(a, w2m, f);
                // f ← (softmax(f) − y) / rows
                java.util.Arrays.fill(b2.grad, 0);
                for (int i = 0; i < rows; i++) {
                    int row = i * classes;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < classes; k++) {
                        f.data[row + k] += b2.value[k];
                        max = Math.max(max, f.data[row + k]);
                    }
                    double sum = 0;
                    for (int k = 0; k < classes; k++) {
                        double e = Math.exp(f.data[row + k] - max);
                        f.data[row + k] = e;
                        sum += e;
                    }
                    int label = labels[order[start + i]];
                    for (int k = 0; k < classes; k++) {
                        double g = (f.data[row + k] / sum - (label == k ? 1 : 0)) / rows;
                        f.data[row + k] = g;
                        b2.grad[k] += g;
                    }
                }
                CommonOps_MT_DDRM.multTransA(a, f, dw2);
                CommonOps_MT_DDRM.multTransB(f, w2m, ga);
                java.util.Arrays.fill(b1.grad, 0);
                for (int i = 0; i < rows; i++) {
                    for (int u = 0; u < hidden; u++) {
                        int at = i * hidden + u;
                        double act = a.data[at];
                        double g = ga.data[at] * (1 - act * act);
                        ga.data[at] = g;
                        b1.grad[u] += g;
                    }
                }
                CommonOps_MT_DDRM.multTransA(xb, ga, dw1);
                step++;
                for (Param p : new Param[] {w1, b1, w2, b2}) {
                    p.adam(options.learningRate(), step);
                }
            }
            listener.afterEpoch(epoch, model(w1.value, b1.value, w2.value, b2.value, d, hidden, classes, epoch));
        }
        return model(w1.value, b1.value, w2.value, b2.value, d, hidden, classes, options.epochs());
    }

    private static MultilayerModel model(double[] w1, double[] b1, double[] w2, double[] b2, int d, int hidden,
                                         int classes, int epochs) {
        DMatrixRMaj w1t = org.ejml.dense.row.CommonOps_DDRM.transpose(DMatrixRMaj.wrap(d, hidden, w1), null);
        DMatrixRMaj w2t = org.ejml.dense.row.CommonOps_DDRM.transpose(DMatrixRMaj.wrap(hidden, classes, w2), null);
        return new MultilayerModel(LinearModel.Output.SOFTMAX, d, hidden, classes, b1, w1t.data, b2, w2t.data,
                epochs);
    }

    private static final class Param {
        final double[] value;
        final double[] grad;
        final double[] m;
        final double[] v;

        Param(int size) {
            value = new double[size];
            grad = new double[size];
            m = new double[size];
            v = new double[size];
        }

        void adam(double rate, long t) {
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < value.length; i++) {
                double g = grad[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                value[i] -= rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
            }
        }
    }
}
