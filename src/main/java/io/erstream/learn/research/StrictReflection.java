package io.erstream.learn.research;

import io.erstream.learn.Reflection;

/**
 * The reflections as the batch and multilayer fits compute them: {@code StrictMath}'s exp and tanh, and the batch
 * forms that reflect a whole matrix of fields. A fit's output is an artifact users keep (a warm start is named by
 * the fingerprint of its bytes, and stored models name that fingerprint), so the fits' arithmetic stays as it is:
 * fitting the same data again gives the same bytes. The online learner, which runs per record, reflects with
 * {@link Reflection} instead, on {@link io.erstream.learn.PortableMath}; the two agree to a few ulp.
 */
public final class StrictReflection {

    private StrictReflection() {
    }

    /** The logistic probability σ(h) without overflow for large |h|, in {@code StrictMath}. */
    public static double sigmoid(double h) {
        return Reflection.sigmoid(h, StrictMath.exp(-Math.abs(h)));
    }

    /** {@link Reflection#spin}, with {@code StrictMath.tanh}: {@code h·s / tanh(h/2)}, limit 2s at h = 0. */
    public static double spin(double h, double spin) {
        double a = Math.abs(h);
        if (a < Reflection.SMALL_FIELD) {
            return spin * (2.0 + a * a / 6.0);
        }
        return spin * a / StrictMath.tanh(0.5 * a);
    }

    /**
     * Softmax-form reflection for one class (docs/method.md §3): with {@code h1 = log p} and {@code h2 = log(1 − p)},
     * the expected spin is {@code tanh((h1 − h2)/2) = 2p − 1}, and the reflected {@code h1* = h2 +
     * reflect(h1 − h2, s)}.
     *
     * @param p the class probability under the current softmax, in (0, 1)
     * @param spin +1 for the observed class, −1 otherwise
     */
    public static double softmaxLogProbability(double p, double spin) {
        double h1 = Math.log(p);
        double h2 = Math.log1p(-p);
        return h2 + spin(h1 - h2, spin);
    }

    /**
     * One-vs-rest reflection of a batch (docs/method.md §3): for each of the {@code labels.length} rows of
     * {@code classes} fields, writes the reflected target of every field into {@code targets} and adds its Brier term
     * into {@code classCost[k]}. Returns the total Brier cost, summed row by row. Batch ER and multilayer ER's output
     * layer share it, so both reflect and judge convergence on the same quantities.
     */
    public static double reflectOneVsRest(double[] fields, int[] labels, int classes, double[] targets,
                                          double[] classCost) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int row = i * classes;
            for (int k = 0; k < classes; k++) {
                double h = fields[row + k];
                double y = labels[i] == k ? 1.0 : 0.0;
                double e = sigmoid(h) - y;
                classCost[k] += e * e;
                total += e * e;
                targets[row + k] = spin(h, 2 * y - 1);
            }
        }
        return total;
    }

    /**
     * Softmax-form reflection of a batch (docs/method.md §3): for each of the {@code labels.length} rows of
     * {@code classes} fields, the softmax probabilities go into {@code scratch} (length {@code classes}), and every
     * field's reflected log-probability {@link #softmaxLogProbability} goes into {@code targets}. Returns the total
     * Brier cost of the softmax probabilities. Batch ER and multilayer ER's softmax output layer share it.
     */
    public static double reflectSoftmax(double[] fields, int[] labels, int classes, double[] targets,
                                        double[] scratch) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int row = i * classes;
            Reflection.softmax(fields, row, classes, scratch);
            for (int k = 0; k < classes; k++) {
                double y = labels[i] == k ? 1.0 : 0.0;
                double e = scratch[k] - y;
                total += e * e;
                double p = Math.min(Math.max(scratch[k], 1e-15), 1 - 1e-15);
                targets[row + k] = softmaxLogProbability(p, 2 * y - 1);
            }
        }
        return total;
    }
}
