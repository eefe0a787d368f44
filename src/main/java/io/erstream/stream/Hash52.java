package io.erstream.stream;

/**
 * A stable hash of a string into a non-zero integer of at most 52 bits, so that it is exact as a double: the form
 * in which a field name or a category travels through the journal ({@link FeatureEncoder}). Fixed forever (FNV-1a
 * over the UTF-16 chars, then MurmurHash3's finaliser): stored models depend on it. Two strings share a hash with
 * probability about 2⁻⁵⁰ per pair; they then share a field or a category, the same way on every replay.
 */
final class Hash52 {

    private Hash52() {
    }

    /** A hash in [1, 2^bits) for {@code bits} ≤ 52. */
    static long of(String text, int bits) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        long out = h >>> (64 - bits);
        return out == 0 ? 1 : out;
    }
}
