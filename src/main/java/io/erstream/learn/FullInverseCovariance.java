package io.erstream.learn;

import java.util.Arrays;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * The full inverse covariance P, one array per row, exactly symmetric (entries (i, j) and (j, i) are computed by the
 * same expression, and IEEE multiplication commutes), so the codec's upper triangle restores it bit for bit.
 *
 * <p>Why it is shaped this way. At d in the hundreds the update is bound by streaming P through the caches, and
 * HotSpot vectorises {@code a[k] += s * b[k]} loops but not floating-point sums, nor loops that index one flat array
 * at {@code row + k} beside another at {@code k} (it cannot tell that they do not overlap). So P is stored by rows,
 * {@code P z} is the sum of P's rows scaled by z (P is symmetric: the same as its columns), and the downdate
 * {@code P ← (P − q qᵀ)/λ} is deferred until the next {@link #multiply}, which applies it to each row just before
 * adding that row into {@code P z}, while it is in L1: P is read and written once per example instead of read twice
 * and written once. Every entry gets exactly the bits an immediate downdate would give it, so the deferral never
 * shows: {@link #rebase} applies a waiting downdate first, {@link #copyFrom} copies it as it waits, and the reads
 * ({@link #store}, {@link #toMatrix}) compute the downdated entries without writing, so that reading a model, as
 * encoding it does, stays free of side effects.
 */
final class FullInverseCovariance implements InverseCovariance {

    /** Rows shorter than this take {@link #multiplyFused} (measured: docs/results/learning-speed.md). */
    static final int FUSED_BELOW = 32;

    private final int width;
    private final double prior;
    private final double[][] rows;
    /** q of the downdate not yet applied, when {@link #deferred}. */
    private final double[] pending;
    private double pendingScale;
    private boolean deferred;
    private final double[] column;

    FullInverseCovariance(int width, double prior) {
        this.width = width;
        this.prior = prior;
        this.rows = new double[width][width];
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
        for (int i = 0; i < width; i++) {
            Arrays.fill(rows[i], 0.0);
            rows[i][i] = prior;
        }
    }

    @Override
    public boolean isPrior() {
        if (deferred) {
            return false; // a downdate waits: only an update defers one
        }
        long priorBits = Double.doubleToRawLongBits(prior);
        for (int i = 0; i < width; i++) {
            double[] row = rows[i];
            for (int j = 0; j < width; j++) {
                if (Double.doubleToRawLongBits(row[j]) != (i == j ? priorBits : 0L)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void multiply(double[] z, double[] out) {
        boolean downdate = deferred;
        deferred = false;
        double[] q = pending;
        double scale = pendingScale;
        if (downdate && width < FUSED_BELOW) {
            multiplyFused(z, out, q, scale);
            return;
        }
        Arrays.fill(out, 0, width, 0.0);
        for (int j = 0; j < width; j++) {
            double[] row = rows[j];
            if (downdate) {
                downdateRow(row, q[j], q, scale);
            }
            double zj = z[j];
            for (int k = 0; k < width; k++) {
                out[k] += zj * row[k];
            }
        }
    }

    /**
     * The same arithmetic as {@link #multiply}'s two loops per row, in one: for short rows the vector loops' set-up
     * costs more than they save, and one scalar loop is faster. The first row writes {@code out} instead of adding
     * to a zeroed one: {@code 0.0 + t} is what adding t to the zero gives, −0.0 included, and it spares a pass.
     */
    private void multiplyFused(double[] z, double[] out, double[] q, double scale) {
        double[] first = rows[0];
        double q0 = q[0];
        double z0 = z[0];
        for (int k = 0; k < width; k++) {
            double v = (first[k] - q0 * q[k]) * scale;
            first[k] = v;
            out[k] = 0.0 + z0 * v; // the sum starts at 0.0, as the zeroed out of the row loop does
        }
        for (int j = 1; j < width; j++) {
            double[] row = rows[j];
            double qj = q[j];
            double zj = z[j];
            for (int k = 0; k < width; k++) {
                double v = (row[k] - qj * q[k]) * scale;
                row[k] = v;
                out[k] += zj * v;
            }
        }
    }

    private void downdateRow(double[] row, double qj, double[] q, double invLambda) {
        for (int k = 0; k < width; k++) {
            row[k] = (row[k] - qj * q[k]) * invLambda;
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
            if ((rows[i][i] - q[i] * q[i]) * invLambda > prior) {
                return true;
            }
        }
        return false;
    }

    private void apply(double[] q, double invLambda) {
        for (int i = 0; i < width; i++) {
            downdateRow(rows[i], q[i], q, invLambda);
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
            double diagonal = rows[i][i];
            if (diagonal > prior) {
                double scale = Math.sqrt(prior / diagonal);
                double[] row = rows[i];
                for (int j = 0; j < width; j++) {
                    row[j] *= scale;
                    rows[j][i] *= scale;
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
            double[] row = rows[i];
            double c = row[0];
            for (int j = 0; j < dimension; j++) {
                c += row[1 + j] * shift[j];
                row[1 + j] *= scale[j];
            }
            column[i] = c;
        }
        for (int i = 0; i < width; i++) {
            rows[i][0] = column[i];
        }
        // Tᵀ Q: row 0 gathers the shifts, the other rows scale.
        for (int k = 0; k < width; k++) {
            double c = rows[0][k];
            for (int j = 0; j < dimension; j++) {
                c += shift[j] * rows[1 + j][k];
            }
            column[k] = c;
        }
        for (int j = 0; j < dimension; j++) {
            double[] row = rows[1 + j];
            for (int k = 0; k < width; k++) {
                row[k] *= scale[j];
            }
        }
        System.arraycopy(column, 0, rows[0], 0, width);
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                rows[j][i] = rows[i][j];
            }
        }
        capDiagonal();
    }

    @Override
    public void copyFrom(InverseCovariance other) {
        FullInverseCovariance source = (FullInverseCovariance) other;
        for (int i = 0; i < width; i++) {
            System.arraycopy(source.rows[i], 0, rows[i], 0, width);
        }
        System.arraycopy(source.pending, 0, pending, 0, width);
        pendingScale = source.pendingScale;
        deferred = source.deferred;
    }

    @Override
    public int storedLength() {
        return width * (width + 1) / 2;
    }

    @Override
    public void store(DoubleConsumer sink) {
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                sink.accept(entry(i, j));
            }
        }
    }

    /** Entry (i, j) of P with a waiting downdate applied: {@link #downdateRow}'s expression, so the same bits. */
    private double entry(int i, int j) {
        double v = rows[i][j];
        return deferred ? (v - pending[i] * pending[j]) * pendingScale : v;
    }

    @Override
    public void load(DoubleSupplier source) {
        deferred = false;
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                double v = source.getAsDouble();
                rows[i][j] = v;
                rows[j][i] = v;
            }
        }
    }

    @Override
    public double[] toMatrix() {
        double[] matrix = new double[width * width];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                matrix[i * width + j] = entry(i, j);
            }
        }
        return matrix;
    }

    @Override
    public void assign(double[] matrix) {
        deferred = false;
        for (int i = 0; i < width; i++) {
            System.arraycopy(matrix, i * width, rows[i], 0, width);
        }
    }
}
