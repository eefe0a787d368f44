package io.erstream.drift;

import java.io.DataInput;
import java.io.IOException;

/** Shared checks for the binary state formats of this package. */
final class Formats {
    private Formats() {
    }

    /** Reads a format tag and fails if it is not the expected one. */
    static void expect(DataInput in, int expected, String what) throws IOException {
        int tag = in.readInt();
        if (tag != expected) {
            throw new IOException("not a " + what + " state (format tag " + Integer.toHexString(tag)
                    + ", expected " + Integer.toHexString(expected) + ")");
        }
    }

    /**
     * Fails with {@code rule: value} unless {@code condition} holds. The message is built only on failure: detectors
     * are constructed for every new, loaded and copied model, and formatting a double costs more than the check.
     */
    static void require(boolean condition, String rule, double value) {
        if (!condition) {
            throw new IllegalArgumentException(rule + ": " + value);
        }
    }

    /** {@link #require(boolean, String, double)} for a count. */
    static void require(boolean condition, String rule, long value) {
        if (!condition) {
            throw new IllegalArgumentException(rule + ": " + value);
        }
    }
}
