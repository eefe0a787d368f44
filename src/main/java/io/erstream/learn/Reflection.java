package io.erstream.learn;

/**
 * The reflections of Expectation Reflection (docs/method.md §2–3): given a local field {@code h} and an
 * observation, the field that would have made the prediction match the observation.
 *
 * <p>These are the only places where ER differs from least squares; everything else is a linear solve.
 * Pure functions, no allocation, safe in hot loops. They are the online learner's, on {@link PortableMath}; the
 * batch and multilayer fits reflect with {@code research.StrictReflection}, whose arithmetic is frozen.
 */
public final class Reflection {

    /** Below this |h| the ratio h / tanh(h/2) is replaced by its series 2 + h²/6 (error < 1e-25). */
    public static final double SMALL_FIELD = 1e-6;

    private Reflection() {
    }

    /**
     * The logistic probability σ(h), computed without overflow for large |h|. {@link PortableMath}, here and in
     * {@link #spin} and {@link #langevin}: every model's predictions and updates are then the same bits on every JVM
     * and CPU (docs/exactness.md, "Across hosts"); {@code Math.exp} may be a JIT intrinsic whose last bit differs.
     */
    public static double sigmoid(double h) {
        return sigmoid(h, PortableMath.exp(-Math.abs(h)));
    }

    /**
     * σ(h) from {@code e = e^−|h|}, which is at most 1, so nothing overflows: {@code 1 / (1 + e)} for h ≥ 0,
     * {@code e / (1 + e)} below. The one form of σ; callers bring the exponential their arithmetic calls for.
     */
    public static double sigmoid(double h, double e) {
        return h >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /**
     * Binary reflection with spins: {@code h* = h·s / tanh(h/2) = s·|h|·coth(|h|/2)}, limit {@code 2s} at
     * {@code h = 0}. The result always carries the observed sign and has magnitude at least 2. With
     * {@code m = e^−|h| − 1}, {@code tanh(|h|/2) = −m / (2 + m)}, so the ratio is {@code |h|·(2 + m) / −m}: one
     * {@link PortableMath#expm1}, accurate for small |h| where {@code 1 − e^−|h|} would cancel.
     *
     * @param h the local field
     * @param spin the observed spin, +1 or −1 (the class label mapped by {@code s = 2y − 1})
     */
    public static double spin(double h, double spin) {
        double a = Math.abs(h);
        if (a < SMALL_FIELD) {
            return spin * (2.0 + a * a / 6.0);
        }
        double m = PortableMath.expm1(-a);
        return spin * a * (2.0 + m) / -m;
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
     * {@link #spinClipped} for a spin of exactly +1 or −1, the same bits, without the exponential when
     * {@code |h| > tmax}: the reflected field is then larger than tmax in magnitude ({@code |h|·(2 + m) / −m ≥ |h|},
     * rounded too, as {@code 2 + m ≥ 1 ≥ −m}; and the small-field series is at least 2, above any |h| it serves), so
     * the clip gives ±tmax whatever the ratio is. On a well-learnt stream a good share of the fields is that
     * confident.
     */
    public static double unitSpinClipped(double h, double spin, double tmax) {
        if (Math.abs(h) > tmax) {
            return spin > 0 ? tmax : -tmax;
        }
        return spinClipped(h, spin, tmax);
    }

    /**
     * Reflection for a bounded continuous target {@code y ∈ [−1, 1]} under the Langevin expectation
     * {@code L(h) = coth(h) − 1/h}: {@code h* = h·y / L(h)}, limit {@code 3y} at {@code h = 0}. L is odd, so
     * {@code h / L(h) = |h| / L(|h|)}, and {@code coth(|h|) = (2 + m) / −m} with {@code m = e^−2|h| − 1}.
     */
    public static double langevin(double h, double y) {
        double a = Math.abs(h);
        if (a < 1e-4) {
            // L(h)/h = 1/3 − h²/45 + O(h⁴)
            return y / (1.0 / 3.0 - a * a / 45.0);
        }
        double m = PortableMath.expm1(-2.0 * a);
        return a * y / ((2.0 + m) / -m - 1.0 / a);
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
