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
 * An example learnt when its delayed label came is scored by the prediction made at its event time, which replay
 * cannot recompute: its entry (format {@value #SCORED_FORMAT}) carries that prediction after the label, s = the
 * class count (probabilities) or 1 (a regressor's value). Format {@value #FORMAT} entries are unchanged.
 * <pre>
 * scored entry = sequence i64 | timestamp i64 | class index i64 or target f64 bits | prediction f64 × s | features f64 × d
 * </pre>
 * {@link ModelStore} writes blocks of one entry; a block of up to {@value #MAX_ENTRIES} entries reads the same way.
 * {@link #value()} returns a fresh array because the record cache and the producer hold on to the array they are
 * given; the checksum is kept running as entries are appended, so a put costs one copy and no pass over the block.
 */
final class JournalBlock {

    static final byte FORMAT = 1;
    static final byte SCORED_FORMAT = 2;
    /** The most entries a stored block may hold. */
    static final int MAX_ENTRIES = 16;

    private final int plainSize;
    private final int scoredWidth;
    private final int capacity;
    private final boolean classifier;
    private final byte[] buffer;
    private final ByteBuffer view;
    private final CRC32C running = new CRC32C();
    private int entries;
    private int entrySize; // of the block being written: plain or scored, fixed by its first entry
    private final double[] readScored;

    /** @param scoredWidth the length of a scored entry's prediction: the class count, or 1 for a regressor */
    JournalBlock(int dimension, boolean classifier, int scoredWidth, int capacity) {
        this.plainSize = entrySize(dimension);
        this.scoredWidth = scoredWidth;
        this.capacity = capacity;
        this.classifier = classifier;
        this.buffer = new byte[1 + capacity * (plainSize + 8 * scoredWidth) + 4];
        this.view = ByteBuffer.wrap(buffer);
        this.readScored = new double[scoredWidth];
        clear();
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
        entrySize = plainSize;
        buffer[0] = FORMAT;
    }

    /** Appends {@code e}; a block holds either plain entries or scored ones ({@code e.scored} set), not both. */
    void append(long sequence, Example e) {
        if (entries == capacity) {
            throw new IllegalStateException("journal block is full (" + capacity + " entries)");
        }
        byte format = e.scored == null ? FORMAT : SCORED_FORMAT;
        if (entries == 0) {
            buffer[0] = format;
            entrySize = format == FORMAT ? plainSize : plainSize + 8 * scoredWidth;
            running.reset();
            running.update(format);
        } else if (buffer[0] != format) {
            throw new IllegalStateException("a journal block holds plain or scored entries, not both");
        }
        int at = 1 + entries * entrySize;
        view.putLong(at, sequence);
        view.putLong(at + 8, e.timestamp);
        view.putLong(at + 16, classifier ? e.classIndex : Double.doubleToRawLongBits(e.target));
        int features = at + 24;
        if (e.scored != null) {
            for (int k = 0; k < scoredWidth; k++) {
                view.putDouble(features + 8 * k, e.scored[k]);
            }
            features += 8 * scoredWidth;
        }
        for (int i = 0; i < e.features.length; i++) {
            view.putDouble(features + 8 * i, e.features[i]);
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
        int size = value.length < 5 ? -1 : storedEntrySize(value[0]);
        if (size < 0 || length % size != 0 || length / size > MAX_ENTRIES) {
            throw new IllegalStateException("journal block of " + value.length + " bytes does not fit entries of "
                    + plainSize + " bytes (format " + (value.length > 0 ? value[0] : -1) + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(value).getInt(value.length - 4)) {
            throw new IllegalStateException("journal block checksum mismatch: the stored bytes are corrupt");
        }
        return length / size;
    }

    /** The entry size of a stored block of {@code format}, or −1 for an unknown format. */
    private int storedEntrySize(byte format) {
        return format == FORMAT ? plainSize : format == SCORED_FORMAT ? plainSize + 8 * scoredWidth : -1;
    }

    /** The sequence number of entry {@code i} of a stored block. */
    long sequence(byte[] value, int i) {
        return ByteBuffer.wrap(value).getLong(1 + i * storedEntrySize(value[0]));
    }

    /**
     * Reads entry {@code i} of a stored block into {@code out} (features into {@code out.features}; a scored
     * entry's prediction into this reader's own buffer, {@code out.scored}, else {@code out.scored} = null).
     */
    void read(byte[] value, int i, Example out) {
        ByteBuffer in = ByteBuffer.wrap(value);
        boolean scored = value[0] == SCORED_FORMAT;
        int at = 1 + i * storedEntrySize(value[0]);
        out.timestamp = in.getLong(at + 8);
        long label = in.getLong(at + 16);
        out.labelled = true;
        if (classifier) {
            out.classIndex = (int) label;
        } else {
            out.target = Double.longBitsToDouble(label);
        }
        int features = at + 24;
        out.scored = null;
        if (scored) {
            for (int k = 0; k < scoredWidth; k++) {
                readScored[k] = in.getDouble(features + 8 * k);
            }
            out.scored = readScored;
            features += 8 * scoredWidth;
        }
        for (int k = 0; k < out.features.length; k++) {
            out.features[k] = in.getDouble(features + 8 * k);
        }
    }
}
