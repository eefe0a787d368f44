package io.erstream.learn;

import java.util.Arrays;

/**
 * The full inverse covariance P, row-major and exactly symmetric (every entry (i, j) and (j, i) is computed by the
 * same expression, IEEE multiplication commutes), so the codec's upper triangle restores it bit for bit.
 *
 * <p>Why it is shaped this way: at d in the hundreds the update is bound by streaming P through the caches, and
 * HotSpot vectorises {@code a[k] += s * b[k]} loops but not floating-point sums. So {@code P z} is a sum of P's
 * rows scaled by z (by symmetry, the same as its columns), and the downdate {@code P ← (P − q qᵀ)/λ} is deferred
 * until the next {@link #multiply}, which applies it row by row in the same pass: P is read and written once per
 * example instead of read twice and written once. Every entry of P gets exactly the bits an immediate downdate
 * would give it, so the deferral never shows: {@link #entries()} and {@link #rebase} apply it first.
 */
final class FullInverseCovariance implements InverseCovariance {

    private final int width;
    private final double prior;
    private final double[] p;
    /** q of the downdate not yet applied, when {@link #deferred}. */
    private final double[] pending;
    private double pendingScale;
    private boolean deferred;
    private final double[] column;

    FullInverseCovariance(int width, double prior) {
        this.width = width;
        this.prior = prior;
        this.p = new double[width * width];
        this.pending = new double[width];
        this.column = new double[width];
        reset();
    }

    @Override
    public CovarianceKind kind() {
        return CovarianceKind.FULL;
    }

    @Override
    public void reset() {
        deferred = false;
        Arrays.fill(p, 0.0);
        for (int i = 0; i < width; i++) {
            p[i * width + i] = prior;
        }
    }

    @Override
    public void multiply(double[] z, double[] out) {
        Arrays.fill(out, 0, width, 0.0);
        if (deferred) {
            deferred = false;
            multiplyDeferred(z, out);
            return;
        }
        for (int j = 0; j < width; j++) {
            double zj = z[j];
            int row = j * width;
            for (int k = 0; k < width; k++) {
                out[k] += zj * p[row + k];
            }
        }
    }

    /** Applies the deferred downdate to each row, then adds the new row, still in L1, into {@code out}. */
    private void multiplyDeferred(double[] z, double[] out) {
        double[] q = pending;
        double scale = pendingScale;
        for (int j = 0; j < width; j++) {
            double zj = z[j];
            double qj = q[j];
            int row = j * width;
            for (int k = 0; k < width; k++) {
                p[row + k] = (p[row + k] - qj * q[k]) * scale;
            }
            for (int k = 0; k < width; k++) {
                out[k] += zj * p[row + k];
            }
        }
    }

    @Override
    public void downdate(double[] q, double invLambda) {
        materialise();
        if (invLambda > 1.0 && exceedsPrior(q, invLambda)) {
            apply(q, invLambda);
            capDiagonal();
            return;
        }
        System.arraycopy(q, 0, pending, 0, width);
        pendingScale = invLambda;
        deferred = true;
    }

    /** Whether a diagonal entry would pass the prior after the downdate: the same expression as {@link #apply}. */
    private boolean exceedsPrior(double[] q, double invLambda) {
        for (int i = 0; i < width; i++) {
            if ((p[i * width + i] - q[i] * q[i]) * invLambda > prior) {
                return true;
            }
        }
        return false;
    }

    private void apply(double[] q, double invLambda) {
        for (int i = 0; i < width; i++) {
            double qi = q[i];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                p[row + j] = (p[row + j] - qi * q[j]) * invLambda;
            }
        }
    }

    private void materialise() {
        if (deferred) {
            deferred = false;
            apply(pending, pendingScale);
        }
    }

    /** Keeps each diagonal entry at most the prior by a congruence D P D, which keeps P positive definite. */
    private void capDiagonal() {
        for (int i = 0; i < width; i++) {
            double diagonal = p[i * width + i];
            if (diagonal > prior) {
                double scale = Math.sqrt(prior / diagonal);
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    p[row + j] *= scale;
                    p[j * width + i] *= scale;
                }
            }
        }
    }

    /**
     * {@code Tᵀ P T}, with T the identity but for its diagonal (scales) and first column (shifts): O(d²), and rare
     * (see {@link Standardizer#REBASE_PERIOD}).
     */
    @Override
    public void rebase(double[] scale, double[] shift) {
        materialise();
        int dimension = width - 1;
        // Q = P T: column 0 gathers the shifts, the other columns scale.
        for (int i = 0; i < width; i++) {
            int row = i * width;
            double c = p[row];
            for (int j = 0; j < dimension; j++) {
                c += p[row + 1 + j] * shift[j];
                p[row + 1 + j] *= scale[j];
            }
            column[i] = c;
        }
        for (int i = 0; i < width; i++) {
            p[i * width] = column[i];
        }
        // Tᵀ Q: row 0 gathers the shifts, the other rows scale.
        for (int k = 0; k < width; k++) {
            double c = p[k];
            for (int j = 0; j < dimension; j++) {
                c += shift[j] * p[(1 + j) * width + k];
            }
            column[k] = c;
        }
        for (int j = 0; j < dimension; j++) {
            int row = (1 + j) * width;
            for (int k = 0; k < width; k++) {
                p[row + k] *= scale[j];
            }
        }
        System.arraycopy(column, 0, p, 0, width);
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                p[j * width + i] = p[i * width + j];
            }
        }
        capDiagonal();
    }

    @Override
    public void copyFrom(InverseCovariance other) {
        FullInverseCovariance source = (FullInverseCovariance) other;
        System.arraycopy(source.p, 0, p, 0, p.length);
        System.arraycopy(source.pending, 0, pending, 0, width);
        pendingScale = source.pendingScale;
        deferred = source.deferred;
    }

    @Override
    public double[] entries() {
        materialise();
        return p;
    }
}
