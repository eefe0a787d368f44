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

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
