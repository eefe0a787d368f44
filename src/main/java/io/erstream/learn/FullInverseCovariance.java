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
 *
 * <p>Short rows ({@link #FUSED_BELOW}) are scalar code, whose cost is its count of operations: there the update
 * computes and writes the upper triangle only ({@link #multiplyFused}), and the lower one is mirrored from it when
 * an operation that reads whole rows needs it ({@link #mirror}), which is rare (a rebase, a capped downdate, a
 * refused update). The readers read the upper triangle.
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
    /** Whether the lower triangle lags the upper one ({@link #multiplyFused} writes the upper one only). */
    private boolean lowerStale;
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
        lowerStale = false;
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
            for (int j = i; j < width; j++) { // P is symmetric: its upper triangle decides
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
        Arrays.fill(out, 0, width, 0.0);
        if (downdate && width < FUSED_BELOW) {
            multiplyFused(z, out, q, scale);
            return;
        }
        mirror();
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
     * {@link #multiply}'s arithmetic for short rows, where the vector loops' set-up costs more than they save: one
     * scalar pass over the upper triangle, which writes it alone (the lower one is left to {@link #mirror}). P is
     * exactly symmetric, so each downdated entry {@code v = P'(j, k)}, k ≥ j, is both the term j of {@code out[k]}
     * and the term k of {@code out[j]}. Every {@code out[k]} still sums its terms in ascending j, starting from 0.0,
     * as the row loop does: at row j only {@code out[j]} (its terms j, j + 1, …) and the {@code out[k > j]} (their
     * term j) change. So the bits are the row loop's, with half the entries computed and stored.
     */
    private void multiplyFused(double[] z, double[] out, double[] q, double scale) {
        for (int j = 0; j < width; j++) {
            out[j] = downdateTriangleRow(j, z, out, q, scale);
        }
        lowerStale = true;
    }

    /** Row j of {@link #multiplyFused}: returns {@code out[j]}, complete. */
    private double downdateTriangleRow(int j, double[] z, double[] out, double[] q, double scale) {
        double[] row = rows[j];
        double qj = q[j];
        double zj = z[j];
        double diagonal = (row[j] - qj * qj) * scale;
        row[j] = diagonal;
        double sum = out[j] + zj * diagonal;
        for (int k = j + 1; k < width; k++) {
            double v = (row[k] - qj * q[k]) * scale;
            row[k] = v;
            sum += z[k] * v;
            out[k] += zj * v;
        }
        return sum;
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
        mirror();
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
        mirror();
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
        lowerStale = source.lowerStale;
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

    /**
     * Entry (i, j) of P with a waiting downdate applied: {@link #downdateRow}'s expression, so the same bits. Read
     * from the upper triangle, which is never stale.
     */
    private double entry(int i, int j) {
        double v = i <= j ? rows[i][j] : rows[j][i];
        return deferred ? (v - pending[i] * pending[j]) * pendingScale : v;
    }

    /** Brings the lower triangle level with the upper one, if {@link #multiplyFused} left it behind. */
    private void mirror() {
        if (!lowerStale) {
            return;
        }
        lowerStale = false;
        for (int i = 0; i < width; i++) {
            double[] row = rows[i];
            for (int j = i + 1; j < width; j++) {
                rows[j][i] = row[j];
            }
        }
    }

    @Override
    public void load(DoubleSupplier source) {
        deferred = false;
        lowerStale = false;
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

    /** Takes the upper triangle and mirrors it, as {@link #load} does: P is then exactly symmetric by construction. */
    @Override
    public void assign(double[] matrix) {
        deferred = false;
        lowerStale = false;
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                double v = matrix[i * width + j];
                rows[i][j] = v;
                rows[j][i] = v;
            }
        }
    }
}
