package io.erstream.learn;

/**
 * The inverse covariance P of online ER's recursive least squares (docs/method.md §4), behind the three operations
 * one update needs, so that the full matrix and its diagonal approximation share {@link OnlineReflection}'s logic.
 * Caller-owned arrays in and out, nothing allocated per call. Not thread-safe: the model's owner calls it.
 */
interface InverseCovariance {

    /** Back to the prior {@code I / regu}. */
    void reset();

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

    /**
     * The stored entries, up to date: the row-major (d + 1)² matrix for {@link CovarianceKind#FULL}, the d + 1
     * diagonal entries for {@link CovarianceKind#DIAGONAL}. The live array: the codec reads and fills it.
     */
    double[] entries();

    CovarianceKind kind();

    /** A new P of {@code width} = d + 1 at the prior {@code I · priorVariance}. */
    static InverseCovariance of(CovarianceKind kind, int width, double priorVariance) {
        return switch (kind) {
            case FULL -> new FullInverseCovariance(width, priorVariance);
            case DIAGONAL -> new DiagonalInverseCovariance(width, priorVariance);
        };
    }
}
