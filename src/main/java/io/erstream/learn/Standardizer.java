package io.erstream.learn;

import java.util.Arrays;

/**
 * Online per-feature standardisation for the RLS coordinates. ER's ridge prior is scale-sensitive;
 * standardising makes one default prior fit every stream.
 *
 * <p>Running statistics (Welford) are updated on every example, but inputs are mapped with a <em>base</em>
 * (mean, 1/sd) that changes only at {@link #rebase} — at doubling counts, then every {@link #REBASE_PERIOD}
 * examples. Between rebases the coordinates are fixed, as recursive least squares assumes; at a rebase the
 * owner re-expresses its weights and inverse covariance exactly in the new coordinates (see
 * {@link OnlineReflection}), so the model's function is unchanged. Standardising every example with moving
 * statistics instead would mix examples seen in different coordinates (measured: about half a point of
 * accuracy on a stationary stream).
 *
 * <p>A feature with no variance maps to 0, so an unexcited input never moves the model.
 */
public final class Standardizer {

    /** After the doubling phase, rebase every this many examples (covariate drift is tracked, slowly). */
    public static final long REBASE_PERIOD = 1L << 16;

    private final double[] mean;
    private final double[] m2;
    private long count;
    private final double[] baseMean;
    private final double[] baseScale;

    public Standardizer(int dimension) {
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
        this.baseMean = new double[dimension];
        this.baseScale = new double[dimension];
    }

    public int dimension() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Whether nothing has been observed and the base is the new one's (all zero): the state of a new instance. */
    boolean isInitial() {
        return count == 0 && OnlineReflection.allZero(mean) && OnlineReflection.allZero(m2)
                && OnlineReflection.allZero(baseMean) && OnlineReflection.allZero(baseScale);
    }

    /**
     * Whether {@link #observe} keeps the running moments finite: every feature within {@code bound} of its mean. A
     * feature without a scale yet (the first examples, or constant so far) standardises to 0, so nothing downstream
     * bounds it; the square of a huge deviation would make its variance infinite and its scale 0 for good.
     */
    boolean canObserve(double[] x, double bound) {
        for (int i = 0; i < mean.length; i++) {
            if (!(Math.abs(x[i] - mean[i]) < bound)) {
                return false;
            }
        }
        return true;
    }

    /** Adds one observation to the running statistics; returns true when the base is due to change. */
    public boolean observe(double[] x) {
        count++;
        double inv = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            mean[i] += delta * inv;
            m2[i] += delta * (x[i] - mean[i]);
        }
        return count >= 2 && ((count & (count - 1)) == 0 && count <= REBASE_PERIOD || count % REBASE_PERIOD == 0);
    }

    /** Writes the standardised {@code x} into {@code out[offset..offset+d)}; caller owns {@code out}. */
    public void transform(double[] x, double[] out, int offset) {
        for (int i = 0; i < mean.length; i++) {
            out[offset + i] = standardised(x, i);
        }
    }

    /** Feature i of {@code x} in the base's coordinates. */
    private double standardised(double[] x, int i) {
        return (x[i] - baseMean[i]) * baseScale[i];
    }

    /**
     * {@link #transform}, and the dot product of its result with {@code w} as it goes, for a caller that needs both
     * (a model's first field): returns {@code s + Σ w[offset + i]·out[offset + i]}, summed in ascending i.
     */
    public double transformDot(double[] x, double[] out, int offset, double[] w, double s) {
        for (int i = 0; i < mean.length; i++) {
            double v = standardised(x, i);
            out[offset + i] = v;
            s += w[offset + i] * v;
        }
        return s;
    }

    /**
     * Moves the base to the running statistics and reports the change of coordinates: old coordinate
     * {@code z_j = scale[j]·z'_j + shift[j]} in terms of the new {@code z'_j}. Features that had no variance in
     * the old base report scale 1 and shift 0 (their old coordinate was identically 0).
     */
    public void rebase(double[] scale, double[] shift) {
        double invN = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double var = m2[i] * invN;
            double newScale = var > 0 ? 1.0 / Math.sqrt(var) : 0.0;
            if (baseScale[i] == 0.0 || newScale == 0.0) {
                scale[i] = 1.0;
                shift[i] = 0.0;
            } else {
                // z = (x − μ)·s, z' = (x − μ')·s'  ⇒  z = (s/s')·z' + (μ' − μ)·s
                scale[i] = baseScale[i] / newScale;
                shift[i] = (mean[i] - baseMean[i]) * baseScale[i];
            }
            baseMean[i] = mean[i];
            baseScale[i] = newScale;
        }
    }

    double[] meanView() {
        return mean;
    }

    double[] m2View() {
        return m2;
    }

    double[] baseMeanView() {
        return baseMean;
    }

    double[] baseScaleView() {
        return baseScale;
    }

    void setCount(long value) {
        count = value;
    }

    void copyFrom(Standardizer other) {
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.m2, 0, m2, 0, m2.length);
        System.arraycopy(other.baseMean, 0, baseMean, 0, baseMean.length);
        System.arraycopy(other.baseScale, 0, baseScale, 0, baseScale.length);
        count = other.count;
    }

    void clear() {
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
        Arrays.fill(baseMean, 0);
        Arrays.fill(baseScale, 0);
        count = 0;
    }
}
