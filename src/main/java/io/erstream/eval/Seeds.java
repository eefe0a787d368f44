package io.erstream.eval;

/**
 * Derives independent seeds for a generator's auxiliary random streams from its one user seed, so
 * that, e.g., the drift schedule of a stream does not share draws with its attributes.
 */
final class Seeds {
    private Seeds() {
    }

    /** SplitMix64's finaliser applied to {@code seed} offset by {@code stream} golden-ratio steps. */
    static long derive(long seed, int stream) {
        long z = seed + (stream + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
