package io.erstream.stream;

import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The store writes of the record being handled, held back until it has succeeded: {@link #flushTo} puts them (a
 * null value deletes), {@link #drop} forgets them, so that a record that fails half-way leaves its store exactly
 * as it was. Reused across records; grows only when a record writes more than ever before.
 */
final class HeldWrites {

    private Bytes[] keys = new Bytes[4];
    private byte[][] values = new byte[4][];
    private int held;

    /** Holds a put of {@code value} (null: a deletion) under {@code key}. */
    void hold(Bytes key, byte[] value) {
        if (held == keys.length) {
            keys = Arrays.copyOf(keys, held * 2);
            values = Arrays.copyOf(values, held * 2);
        }
        keys[held] = key;
        values[held++] = value;
    }

    /** The position of the last write held under {@code key}, or −1. */
    int lastIndexOf(Bytes key) {
        for (int i = held - 1; i >= 0; i--) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of held write {@code i} (null: a deletion). */
    byte[] value(int i) {
        return values[i];
    }

    /** Puts every held write into {@code store}, in order, and forgets them. */
    void flushTo(KeyValueStore<Bytes, byte[]> store) {
        for (int i = 0; i < held; i++) {
            store.put(keys[i], values[i]);
        }
        drop();
    }

    /** Forgets every held write. */
    void drop() {
        Arrays.fill(keys, 0, held, null);
        Arrays.fill(values, 0, held, null);
        held = 0;
    }
}
