package io.erstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The examples waiting for their labels and the labels waiting for their examples, per (model key, id), in a
 * changelogged store beside the models, so that a restored task waits for the same labels. An entry is
 * <ul>
 *   <li>an {@link Kind#EXAMPLE}: the example record as it came, its event time, and the prediction made then
 *       (what the metrics score when its label comes, and what the label's output reports);</li>
 *   <li>a {@link Kind#LABEL}: the label record as it came and where it came from (for its dead letter);</li>
 *   <li>{@link Kind#MATCHED}: the id was labelled, remembered until its deadline so that a second label is
 *       refused as a duplicate.</li>
 * </ul>
 * Every entry has a deadline, its record's timestamp plus {@code erstream.labels.retention.ms}: it expires when the
 * task's stream time passes it, whether a sweep finds it or a record of its id does first. A second key per entry,
 * {@code 'T' | deadline | model key | id}, orders entries by deadline, so a sweep reads only what has expired.
 * Writes are held until the record that makes them succeeds ({@link #flush}), like the model store's.
 */
final class PendingLabels {

    static final String NAME = "erstream-pending-labels";

    /** What an entry holds. */
    enum Kind { EXAMPLE, LABEL, MATCHED }

    /** One entry, decoded. */
    static final class Entry {
        Kind kind;
        long deadline;
        /** EXAMPLE: its event time; LABEL: the label's time. */
        long time;
        /** EXAMPLE: the model version that predicted. */
        long version;
        /** EXAMPLE: the prediction made at its event time (probabilities, or a regressor's value). */
        double[] scored;
        /** LABEL: where the record came from. */
        int partition;
        long offset;
        long recordTimestamp;
        /** EXAMPLE or LABEL: the record's value as it came. */
        byte[] record;
    }

    private static final byte ENTRY = 'P';
    private static final byte INDEX = 'T';
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retention;
    private final HeldWrites held = new HeldWrites();

    PendingLabels(KeyValueStore<Bytes, byte[]> store, long retentionMs) {
        this.store = store;
        this.retention = retentionMs;
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(boolean persistent) {
        return Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(NAME)
                        : Stores.inMemoryKeyValueStore(NAME), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(StreamConfig.MAX_MODEL_BYTES),
                        "cleanup.policy", "compact"));
    }

    long retention() {
        return retention;
    }

    /** The entry of {@code id} under model {@code key}, or null (the held writes of this record included). */
    Entry get(String key, String id) {
        Bytes k = entryKey(key, id);
        int at = held.lastIndexOf(k);
        byte[] value = at >= 0 ? held.value(at) : store.get(k);
        return value == null ? null : decode(value);
    }

    /** Holds an example waiting for its label, until {@code recordTimestamp} + retention. */
    void holdExample(String key, String id, long recordTimestamp, long eventTime, long version, double[] scored,
                     byte[] record) {
        long deadline = recordTimestamp + retention;
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + 8 * scored.length + record.length);
        out.put((byte) Kind.EXAMPLE.ordinal()).putLong(deadline).putLong(eventTime).putLong(version)
                .putInt(scored.length);
        for (double p : scored) {
            out.putDouble(p);
        }
        out.put(record);
        hold(entryKey(key, id), out.array());
        hold(indexKey(deadline, key, id), EMPTY);
    }

    /** Holds a label waiting for its example, until {@code recordTimestamp} + retention. */
    void holdLabel(String key, String id, long recordTimestamp, long labelTime, int partition, long offset,
                   byte[] record) {
        long deadline = recordTimestamp + retention;
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 + 8 + record.length);
        out.put((byte) Kind.LABEL.ordinal()).putLong(deadline).putLong(labelTime).putInt(partition).putLong(offset)
                .putLong(recordTimestamp).put(record);
        hold(entryKey(key, id), out.array());
        hold(indexKey(deadline, key, id), EMPTY);
    }

    /** Holds that {@code id} is labelled: remembered until {@code entry}'s deadline (its index entry stays). */
    void holdMatched(String key, String id, Entry entry) {
        hold(entryKey(key, id), ByteBuffer.allocate(9).put((byte) Kind.MATCHED.ordinal())
                .putLong(entry.deadline).array());
    }

    /** Holds the deletion of an entry that expired (its index entry is deleted by the sweep that finds it). */
    void holdDelete(String key, String id) {
        hold(entryKey(key, id), null);
    }

    /** Whether {@code entry} has expired by stream time {@code now}. */
    static boolean expired(Entry entry, long now) {
        return now > entry.deadline;
    }

    /** Writes the held entries: the record that made them succeeded. */
    void flush() {
        held.flushTo(store);
    }

    /** Drops the held entries: the record that made them failed. */
    void rollback() {
        held.drop();
    }

    /** An expired entry, as the sweep hands it over. */
    record Expired(String key, String id, Entry entry) {
    }

    /**
     * Deletes up to {@code max} entries whose deadline stream time {@code now} has passed, with their index entries,
     * and returns those that were still waiting (examples and labels; remembered ids go silently). An index entry
     * whose entry has another deadline (the id was sent again) only goes itself.
     */
    List<Expired> sweep(long now, int max) {
        List<Expired> out = new ArrayList<>();
        List<Bytes> done = new ArrayList<>();
        Bytes from = Bytes.wrap(new byte[] {INDEX});
        Bytes to = Bytes.wrap(ByteBuffer.allocate(9).put(INDEX).putLong(now ^ Long.MIN_VALUE).array());
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, to)) {
            while (range.hasNext() && done.size() < max) {
                Bytes indexKey = range.next().key;
                ByteBuffer k = ByteBuffer.wrap(indexKey.get());
                long deadline = k.position(1).getLong() ^ Long.MIN_VALUE;
                if (deadline >= now) {
                    break; // sorted by deadline: the rest is still waiting
                }
                done.add(indexKey);
                int keyLength = k.getInt();
                String key = new String(indexKey.get(), 13, keyLength, StandardCharsets.UTF_8);
                String id = new String(indexKey.get(), 13 + keyLength, indexKey.get().length - 13 - keyLength,
                        StandardCharsets.UTF_8);
                Entry entry = get(key, id);
                if (entry != null && entry.deadline == deadline) {
                    store.delete(entryKey(key, id));
                    if (entry.kind != Kind.MATCHED) {
                        out.add(new Expired(key, id, entry));
                    }
                }
            }
        }
        done.forEach(store::delete);
        return out;
    }

    private static Entry decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        Entry e = new Entry();
        e.kind = Kind.values()[in.get()];
        e.deadline = in.getLong();
        switch (e.kind) {
            case EXAMPLE -> {
                e.time = in.getLong();
                e.version = in.getLong();
                e.scored = new double[in.getInt()];
                for (int k = 0; k < e.scored.length; k++) {
                    e.scored[k] = in.getDouble();
                }
                e.record = Arrays.copyOfRange(value, in.position(), value.length);
            }
            case LABEL -> {
                e.time = in.getLong();
                e.partition = in.getInt();
                e.offset = in.getLong();
                e.recordTimestamp = in.getLong();
                e.record = Arrays.copyOfRange(value, in.position(), value.length);
            }
            case MATCHED -> {
            }
        }
        return e;
    }

    private void hold(Bytes key, byte[] value) {
        held.hold(key, value);
    }

    private static Bytes entryKey(String key, String id) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] i = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(5 + k.length + i.length).put(ENTRY).putInt(k.length).put(k).put(i)
                .array());
    }

    /** {@code 'T' | deadline (sign flipped, so deadlines sort as numbers) | key length | key | id}. */
    private static Bytes indexKey(long deadline, String key, String id) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] i = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(13 + k.length + i.length).put(INDEX).putLong(deadline ^ Long.MIN_VALUE)
                .putInt(k.length).put(k).put(i).array());
    }
}
