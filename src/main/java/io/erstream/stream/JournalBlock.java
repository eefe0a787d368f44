package io.erstream.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Journal entries of one model: the canonical examples applied since the last snapshot, in the stored form the
 * store's journal slots hold. Entries have a fixed size for a model of dimension d:
 * <pre>
 * entry = sequence i64 | timestamp i64 | class index i64 or target f64 bits | features f64 × d
 * block = format u8 | entry × n | crc32c u32
 * </pre>
 * {@link ModelStore} writes blocks of one entry; a block of up to {@value #MAX_ENTRIES} entries reads the same way.
 * {@link #value()} returns a fresh array because the record cache and the producer hold on to the array they are
 * given; the checksum is kept running as entries are appended, so a put costs one copy and no pass over the block.
 */
final class JournalBlock {

    static final byte FORMAT = 1;
    /** The most entries a stored block may hold. */
    static final int MAX_ENTRIES = 16;

    private final int entrySize;
    private final int capacity;
    private final boolean classifier;
    private final byte[] buffer;
    private final ByteBuffer view;
    private final CRC32C running = new CRC32C();
    private int entries;

    JournalBlock(int dimension, boolean classifier, int capacity) {
        this.entrySize = entrySize(dimension);
        this.capacity = capacity;
        this.classifier = classifier;
        this.buffer = new byte[1 + capacity * entrySize + 4];
        this.view = ByteBuffer.wrap(buffer);
        buffer[0] = FORMAT;
        running.update(FORMAT);
    }

    static int entrySize(int dimension) {
        return 24 + 8 * dimension;
    }

    int entries() {
        return entries;
    }

    /** Heap the block's buffer takes (for the cache's estimate of a live model). */
    int capacityBytes() {
        return buffer.length;
    }

    void clear() {
        entries = 0;
        running.reset();
        running.update(FORMAT);
    }

    void append(long sequence, Example e) {
        if (entries == capacity) {
            throw new IllegalStateException("journal block is full (" + capacity + " entries)");
        }
        int at = 1 + entries * entrySize;
        view.putLong(at, sequence);
        view.putLong(at + 8, e.timestamp);
        view.putLong(at + 16, classifier ? e.classIndex : Double.doubleToRawLongBits(e.target));
        for (int i = 0; i < e.features.length; i++) {
            view.putDouble(at + 24 + 8 * i, e.features[i]);
        }
        running.update(buffer, at, entrySize);
        entries++;
    }

    /** The stored form of the block: a new array (see class comment). */
    byte[] value() {
        int length = 1 + entries * entrySize;
        byte[] out = Arrays.copyOf(buffer, length + 4);
        int crc = (int) running.getValue();
        out[length] = (byte) (crc >>> 24);
        out[length + 1] = (byte) (crc >>> 16);
        out[length + 2] = (byte) (crc >>> 8);
        out[length + 3] = (byte) crc;
        return out;
    }

    /** Number of entries in a stored block, after checking its framing and checksum. */
    int check(byte[] value) {
        int length = value.length - 5;
        if (value.length < 5 || value[0] != FORMAT || length % entrySize != 0 || length / entrySize > MAX_ENTRIES) {
            throw new IllegalStateException("journal block of " + value.length + " bytes does not fit entries of "
                    + entrySize + " bytes (format " + (value.length > 0 ? value[0] : -1) + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(value).getInt(value.length - 4)) {
            throw new IllegalStateException("journal block checksum mismatch: the stored bytes are corrupt");
        }
        return length / entrySize;
    }

    /** The sequence number of entry {@code i} of a stored block. */
    long sequence(byte[] value, int i) {
        return ByteBuffer.wrap(value).getLong(1 + i * entrySize);
    }

    /** Reads entry {@code i} of a stored block into {@code out} (features into {@code out.features}). */
    void read(byte[] value, int i, Example out) {
        ByteBuffer in = ByteBuffer.wrap(value);
        int at = 1 + i * entrySize;
        out.timestamp = in.getLong(at + 8);
        long label = in.getLong(at + 16);
        out.labelled = true;
        if (classifier) {
            out.classIndex = (int) label;
        } else {
            out.target = Double.longBitsToDouble(label);
        }
        for (int k = 0; k < out.features.length; k++) {
            out.features[k] = in.getDouble(at + 24 + 8 * k);
        }
    }
}
