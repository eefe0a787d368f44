package io.erstream.learn;

import java.util.Arrays;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * P kept as its diagonal only (the off-diagonal entries are taken as zero): O(d) time and memory per model, for
 * inputs too wide for the full d² matrix. Every operation is the full one's with the off-diagonal terms dropped,
 * so each weight's step is scaled by its own input's remaining variance, as in diagonal RLS or AROW's diagonal
 * form. It still starts at, and stays within, the prior {@code 1/regu}.
 */
final class DiagonalInverseCovariance implements InverseCovariance {

    private final int width;
    private final double prior;
    private final double[] p;

    DiagonalInverseCovariance(int width, double prior) {
        this.width = width;
        this.prior = prior;
        this.p = new double[width];
        reset();
    }

    @Override
    public CovarianceKind kind() {
        return CovarianceKind.DIAGONAL;
    }

    @Override
    public void reset() {
        Arrays.fill(p, prior);
    }

    @Override
    public boolean isPrior() {
        long priorBits = Double.doubleToRawLongBits(prior);
        for (double v : p) {
            if (Double.doubleToRawLongBits(v) != priorBits) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void multiply(double[] z, double[] out) {
        for (int i = 0; i < width; i++) {
            out[i] = p[i] * z[i];
        }
    }

    @Override
    public void downdate(double[] q, double invLambda) {
        for (int i = 0; i < width; i++) {
            p[i] = (p[i] - q[i] * q[i]) * invLambda;
        }
        if (invLambda > 1.0) {
            capDiagonal();
        }
    }

    private void capDiagonal() {
        for (int i = 0; i < width; i++) {
            p[i] = Math.min(p[i], prior);
        }
    }

    /** The diagonal of {@code Tᵀ P T}: the bias entry gathers the shifted variances, the others scale. */
    @Override
    public void rebase(double[] scale, double[] shift) {
        double bias = p[0];
        for (int j = 0; j < width - 1; j++) {
            double v = p[1 + j];
            bias += shift[j] * shift[j] * v;
            p[1 + j] = v * scale[j] * scale[j];
        }
        p[0] = bias;
        capDiagonal();
    }

    @Override
    public void copyFrom(InverseCovariance other) {
        System.arraycopy(((DiagonalInverseCovariance) other).p, 0, p, 0, width);
    }

    @Override
    public int storedLength() {
        return width;
    }

    @Override
    public void store(DoubleConsumer sink) {
        for (double v : p) {
            sink.accept(v);
        }
    }

    @Override
    public void load(DoubleSupplier source) {
        for (int i = 0; i < width; i++) {
            p[i] = source.getAsDouble();
        }
    }

    @Override
    public double[] toMatrix() {
        double[] matrix = new double[width * width];
        for (int i = 0; i < width; i++) {
            matrix[i * width + i] = p[i];
        }
        return matrix;
    }

    @Override
    public void assign(double[] matrix) {
        for (int i = 0; i < width; i++) {
            p[i] = matrix[i * width + i];
        }
    }
}
