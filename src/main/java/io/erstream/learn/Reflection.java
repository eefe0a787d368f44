package io.erstream.learn;

/**
 * The reflections of Expectation Reflection (docs/method.md §2–3): given a local field {@code h} and an
 * observation, the field that would have made the prediction match the observation.
 *
 * <p>These are the only places where ER differs from least squares; everything else is a linear solve.
 * Pure functions, no allocation, safe in hot loops.
 */
public final class Reflection {

    /** Below this |h| the ratio h / tanh(h/2) is replaced by its series 2 + h²/6 (error < 1e-25). */
    private static final double SMALL_FIELD = 1e-6;

    private Reflection() {
    }

    /**
     * The logistic probability σ(h), computed without overflow for large |h|. StrictMath, here and in {@link #spin}:
     * every model's predictions and updates are then the same bits on every JVM and CPU (docs/exactness.md,
     * "Across hosts"); {@code Math.exp} may be a JIT intrinsic whose last bit differs.
     */
    public static double sigmoid(double h) {
        if (h >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-h));
        }
        double e = StrictMath.exp(h);
        return e / (1.0 + e);
    }

    /**
     * Binary reflection with spins: {@code h* = h·s / tanh(h/2) = s·|h|·coth(|h|/2)}, limit {@code 2s} at
     * {@code h = 0}. The result always carries the observed sign and has magnitude at least 2.
     *
     * @param h the local field
     * @param spin the observed spin, +1 or −1 (the class label mapped by {@code s = 2y − 1})
     */
    public static double spin(double h, double spin) {
        double a = Math.abs(h);
        if (a < SMALL_FIELD) {
            return spin * (2.0 + a * a / 6.0);
        }
        return spin * a / StrictMath.tanh(0.5 * a);
    }

    /** {@link #spin} with the target's magnitude capped at {@code tmax} (docs/method.md §4: t_max). */
    public static double spinClipped(double h, double spin, double tmax) {
        double t = spin(h, spin);
        if (t > tmax) {
            return tmax;
        }
        return t < -tmax ? -tmax : t;
    }

    /**
     * {@link #spinClipped} for a spin of exactly +1 or −1, the same bits, without the tanh when {@code |h| > tmax}:
     * the reflected field is then larger than tmax in magnitude ({@code |h| / tanh(|h|/2) ≥ |h|} as tanh ≤ 1, and
     * the small-field series is at least 2, above any |h| it serves), so the clip gives ±tmax whatever the tanh
     * does. On a well-learnt stream a good share of the fields is that confident, and StrictMath's tanh, a native
     * call, is the dearest one of an online step.
     */
    public static double unitSpinClipped(double h, double spin, double tmax) {
        if (Math.abs(h) > tmax) {
            return spin > 0 ? tmax : -tmax;
        }
        return spinClipped(h, spin, tmax);
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
     * Reflection for a bounded continuous target {@code y ∈ [−1, 1]} under the Langevin expectation
     * {@code L(h) = coth(h) − 1/h}: {@code h* = h·y / L(h)}, limit {@code 3y} at {@code h = 0}.
     */
    public static double langevin(double h, double y) {
        double a = Math.abs(h);
        if (a < 1e-4) {
            // L(h)/h = 1/3 − h²/45 + O(h⁴)
            return y / (1.0 / 3.0 - a * a / 45.0);
        }
        return h * y / (1.0 / StrictMath.tanh(h) - 1.0 / h);
    }

    /**
     * One-vs-rest reflection of a batch (docs/method.md §3): for each of the {@code labels.length} rows of {@code classes}
     * fields, writes the reflected target of every field into {@code targets} and adds its Brier term into
     * {@code classCost[k]}. Returns the total Brier cost, summed row by row. Batch ER and multilayer ER's output
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
     * Softmax-form reflection of a batch (docs/method.md §3): for each of the {@code labels.length} rows of {@code classes}
     * fields, the softmax probabilities go into {@code scratch} (length {@code classes}), and every field's reflected
     * log-probability {@link #softmaxLogProbability} goes into {@code targets}. Returns the total Brier cost of the
     * softmax probabilities. Batch ER and multilayer ER's softmax output layer share it.
     */
    public static double reflectSoftmax(double[] fields, int[] labels, int classes, double[] targets,
                                        double[] scratch) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int row = i * classes;
            softmax(fields, row, classes, scratch);
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

    /** Softmax of {@code classes} fields starting at {@code from} into {@code out}, without overflow. */
    public static void softmax(double[] fields, int from, int classes, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, fields[from + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            out[k] = Math.exp(fields[from + k] - max);
            sum += out[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] /= sum;
        }
    }
}
