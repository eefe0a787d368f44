package io.erstream.learn;

import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * The inverse covariance P of online ER's recursive least squares (docs/method.md §4), behind the operations one
 * update needs, so that the full matrix and its diagonal approximation share {@link OnlineReflection}'s logic.
 * Caller-owned arrays in and out, nothing allocated per example. Not thread-safe: the model's owner calls it.
 */
interface InverseCovariance {

    /** Back to the prior {@code I / regu}. */
    void reset();

    /** Whether P is exactly the prior, bit for bit (as {@link #reset} leaves it). */
    boolean isPrior();

    /** {@code out = P z} ({@code z} and {@code out} of length d + 1, distinct arrays). */
    void multiply(double[] z, double[] out);

    /**
     * {@code P ← (P − q qᵀ) / λ}, then each diagonal entry is kept within the prior by a congruence D P D. The
     * caller may overwrite {@code q} afterwards.
     */
    void downdate(double[] q, double invLambda);

    /** {@code P ← Tᵀ P T} for the standardiser's change of coordinates (see {@link OnlineReflection}). */
    void rebase(double[] scale, double[] shift);

    /** The same state as {@code other} (of the same kind and width), bit for bit. */
    void copyFrom(InverseCovariance other);

    CovarianceKind kind();

    /** How many entries {@link #store} gives: (d + 1)(d + 2)/2 for the full P (its upper triangle), d + 1 diagonal. */
    int storedLength();

    /**
     * The stored entries, up to date, in the codec's order: the upper triangle row by row, or the diagonal. Reads
     * only: concurrent readers of a model nobody mutates are safe.
     */
    void store(DoubleConsumer sink);

    /** Sets the stored entries from {@code source}, in {@link #store}'s order (a full P mirrors its triangle). */
    void load(DoubleSupplier source);

    /** P as a new row-major (d + 1)² array (zero off the diagonal of a diagonal P): for inspection. */
    double[] toMatrix();

    /** Sets P from a row-major, symmetric (d + 1)² array; a diagonal P keeps its diagonal. */
    void assign(double[] matrix);

    /** A new P of {@code width} = d + 1 at the prior {@code I · priorVariance}. */
    static InverseCovariance of(CovarianceKind kind, int width, double priorVariance) {
        return switch (kind) {
            case FULL -> new FullInverseCovariance(width, priorVariance);
            case DIAGONAL -> new DiagonalInverseCovariance(width, priorVariance);
        };
    }
}
