package io.erstream.drift;

/**
 * Population stability index terms. PSI = sum over bins of {@code (q - r) ln(q / r)} with
 * {@code r} the reference and {@code q} the recent proportion; a symmetric KL divergence that
 * practitioners read as &lt;0.1 stable, 0.1-0.25 moderate, &gt;0.25 shifted.
 */
final class Psi {
    /**
     * Floor for a proportion, so an empty bin contributes a large but finite term instead of
     * infinity: {@code 1e-4}, the value common PSI tooling uses. Both sides of an empty-empty
     * bin are floored equally and contribute 0.
     */
    static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** The PSI contribution of one bin given counts and totals of both windows. */
    static double term(double referenceCount, double referenceTotal, double recentCount, double recentTotal) {
        double r = Math.max(referenceCount / referenceTotal, EPSILON);
        double q = Math.max(recentCount / recentTotal, EPSILON);
        return (q - r) * StrictMath.log(q / r);
    }
}
