package io.erstream.learn;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame every encoded model shares: {@code "ERSM" | version u16 | kind u8 | body | crc32c u32}, the checksum
 * over everything before it. A kind's codec writes only its body between {@link #open} and {@link #seal}, and reads
 * only a body that {@link #checked} has accepted, so every kind refuses foreign, newer, corrupt or truncated bytes in
 * the same words, before it allocates anything from them.
 */
final class ModelFrame {

    static final int MAGIC = 0x4552534D; // "ERSM"
    /** The version every model but a diagonal-covariance online ER model is written in. */
    static final short VERSION = 1;
    /** Adds the diagonal covariance flag to online ER. */
    static final short VERSION_DIAGONAL = 2;
    /** The newest version this build reads: an online ER model that has learnt nothing, as its parameters alone. */
    static final short VERSION_INITIAL = 3;
    static final byte KIND_ONLINE = 1;
    static final byte KIND_LINEAR = 2;
    static final byte KIND_MULTILAYER = 3;
    static final byte KIND_WARM_START = 4;

    /** Larger dimensions are rejected before any allocation (a corrupt header must not exhaust memory). */
    static final int MAX_DIMENSION = 1 << 16;
    static final int HEADER = 4 + 2 + 1;
    static final int TRAILER = 4;

    private ModelFrame() {
    }

    /** A buffer over {@code size} new bytes, the header written in {@link #VERSION}: the body goes next. */
    static ByteBuffer open(int size, byte kind) {
        return open(size, kind, VERSION);
    }

    /** A buffer over {@code size} new bytes, the header written: the body goes next. */
    static ByteBuffer open(int size, byte kind, short version) {
        ByteBuffer out = ByteBuffer.wrap(new byte[size]);
        out.putInt(MAGIC);
        out.putShort(version);
        out.put(kind);
        return out;
    }

    /** Writes the checksum after the body and returns the whole encoded model. */
    static byte[] seal(ByteBuffer out) {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** Checks framing and returns a buffer positioned at the body; kind 0 accepts any kind. */
    static ByteBuffer checked(byte[] bytes, byte kind) {
        if (bytes == null || bytes.length < HEADER + TRAILER) {
            throw new ModelFormatException("model bytes are truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new ModelFormatException(String.format("not an erstream model: magic 0x%08X, expected 0x%08X",
                    magic, MAGIC));
        }
        short version = in.getShort();
        if (version < VERSION || version > VERSION_INITIAL) {
            throw new ModelFormatException("unsupported model format version " + version + " (this build reads "
                    + VERSION + " to " + VERSION_INITIAL + ")");
        }
        byte actual = in.get();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER).getInt();
        if ((int) crc.getValue() != stored) {
            throw new ModelFormatException("model bytes are corrupt or truncated: checksum mismatch");
        }
        if (version > VERSION && actual != KIND_ONLINE) {
            throw new ModelFormatException("model kind " + actual + " has no version " + version);
        }
        if (kind != 0 && actual != kind) {
            throw new ModelFormatException("model kind " + actual + " where kind " + kind + " was expected");
        }
        return in;
    }

    /** The format version of bytes {@link #checked} has accepted. */
    static short version(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getShort(4);
    }

    /** The kind byte of encoded model bytes (after checking magic, version and checksum). */
    static byte kind(byte[] bytes) {
        return checked(bytes, (byte) 0).get(HEADER - 1);
    }

    /** CRC-32C of whole encoded bytes: a short name for one exact model. */
    static int fingerprint(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    /** An input dimension read from a header, refused outside [1, {@link #MAX_DIMENSION}]. */
    static int dimension(int d) {
        if (d < 1 || d > MAX_DIMENSION) {
            throw new ModelFormatException("dimension " + d + " out of range [1, " + MAX_DIMENSION + "]");
        }
        return d;
    }

    static void writeDoubles(ByteBuffer out, double[]... arrays) {
        for (double[] values : arrays) {
            for (double v : values) {
                out.putDouble(v);
            }
        }
    }

    static void readDoubles(ByteBuffer in, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.getDouble();
        }
    }
}
