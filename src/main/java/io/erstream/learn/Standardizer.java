package io.erstream.learn;

import java.util.Arrays;

/**
 * Online per-feature standardisation (Welford's running mean and variance). ER's least-squares solve is
 * scale-sensitive through the ridge prior; standardising makes one default prior fit every stream.
 *
 * <p>A feature with no variance yet maps to 0, so an unexcited input never moves the model.
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] m2;
    private long count;

    public Standardizer(int dimension) {
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
    }

    /** Restores a standardiser from its state (used by the codec). */
    static Standardizer of(long count, double[] mean, double[] m2) {
        Standardizer s = new Standardizer(mean.length);
        System.arraycopy(mean, 0, s.mean, 0, mean.length);
        System.arraycopy(m2, 0, s.m2, 0, m2.length);
        s.count = count;
        return s;
    }

    public int dimension() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Adds one observation to the running statistics. */
    public void observe(double[] x) {
        count++;
        double inv = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            mean[i] += delta * inv;
            m2[i] += delta * (x[i] - mean[i]);
        }
    }

    /** Writes the standardised {@code x} into {@code out[offset..offset+d)}; caller owns {@code out}. */
    public void transform(double[] x, double[] out, int offset) {
        if (count < 2) {
            Arrays.fill(out, offset, offset + mean.length, 0.0);
            return;
        }
        double invN = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double var = m2[i] * invN;
            out[offset + i] = var > 0 ? (x[i] - mean[i]) / Math.sqrt(var) : 0.0;
        }
    }

    double[] meanView() {
        return mean;
    }

    double[] m2View() {
        return m2;
    }

    void copyFrom(Standardizer other) {
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.m2, 0, m2, 0, m2.length);
        count = other.count;
    }
}
