package io.erstream.learn;

import java.util.Locale;

/**
 * How online ER keeps its inverse covariance P (docs/method.md §4, "Covariance for wide inputs"). {@link #FULL} is
 * exact recursive least squares at O(d²) time and memory per model; {@link #DIAGONAL} keeps only P's diagonal, O(d),
 * for inputs too wide for d²: each weight then moves by its own variance, and correlations between inputs are not
 * learnt (docs/results/learning-speed.md measures what that costs in accuracy).
 */
public enum CovarianceKind {
    FULL,
    DIAGONAL;

    /** {@code full} or {@code diagonal}, any case: the spelling of the command line and of the stream's config. */
    public static CovarianceKind of(String name) {
        for (CovarianceKind kind : values()) {
            if (kind.name().equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown covariance '" + name + "'; valid: full, diagonal");
    }

    /** The lower-case name {@link #of} reads. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
