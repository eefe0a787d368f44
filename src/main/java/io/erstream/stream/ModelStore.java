package io.erstream.stream;

import io.erstream.learn.ModelFormatException;
import io.erstream.learn.WarmStart;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The exact, cheap-to-write persistence of the keyed models: a snapshot per model plus a journal of the canonical
 * examples applied since, in one cached, logged key-value store.
 *
 * <h2>Layout</h2>
 * Store keys are {@code len u32 | model key UTF-8 | tag} (the length prefix keeps a key containing the tag bytes
 * unambiguous, and groups a model's entries for prefix scans):
 * <ul>
 *   <li>{@code … | 'S'}: the snapshot, a {@link KeyedModelCodec} value. It records the sequence number it
 *       covers, C, always a multiple of the model's snapshot interval S, and S itself (fixed when the model is
 *       created; an initial snapshot with C = 0 is written then, so every model has one).</li>
 *   <li>{@code … | 'J' | slot u32}: journal block {@code slot} of a ring of R = S / B slots, B entries each
 *       ({@link JournalBlock}). Entry with sequence s lives in slot ((s − 1) / B) mod R. Since C is a multiple of
 *       S = R·B, the entries after a snapshot always start at slot 0; blocks from the previous round hold
 *       sequences ≤ C and are recognised as stale.</li>
 * </ul>
 * Every S-th update writes the snapshot instead of a journal entry. S is chosen so that encoding snapshots costs
 * about a quarter of journalling (S ≈ 4 × snapshot bytes / entry bytes; or taken from
 * {@code erstream.snapshot.interval}), rounded up to a multiple of B.
 *
 * <h2>Why a restored model is bit-identical to the committed one</h2>
 * <ol>
 *   <li>All writes are {@code put()} calls made while processing a record, never from {@code flush/commit} (in
 *       Kafka Streams 4.x a store's commit runs after the transaction commits). Under exactly_once_v2 the caching
 *       layer flushes inside the transaction, so the changelog holds exactly the writes of the committed input
 *       offsets: the snapshot and journal blocks a restore sees are those of a committed prefix of the input.</li>
 *   <li>{@link #learn} and {@link #load} apply examples through the same function,
 *       {@link KeyedModel#testThenTrain}, on the same canonical inputs (the mapped feature vector and class index
 *       as raw IEEE bits, the event timestamp), and the learner, metrics and codecs are deterministic and
 *       bit-exact. So snapshot(C) + replay(C+1..n) reproduces the live state after n.</li>
 *   <li>Live models are a cache of the store, dropped in {@code init()} and {@code close()} of the processor;
 *       they are never the source of truth, so a dirty close (EOS abort, store wiped and restored) cannot carry
 *       uncommitted state into the revived task.</li>
 * </ol>
 * Under at_least_once the store can run ahead of the committed offsets; reprocessed records are then learned
 * twice. Not thread-safe: one per processor instance.
 */
public final class ModelStore {

    /** Name of the state store (its changelog is {@code <application.id>-erstream-models-changelog}). */
    public static final String NAME = "erstream-models";
    /** Journal entries per block (B). */
    static final int BLOCK_ENTRIES = 16;
    /** Automatic snapshot interval, in snapshot-sized journals (see {@link #snapshotInterval}). */
    static final int SNAPSHOT_COST_SHARE = 4;

    private static final byte SNAPSHOT = 'S';
    private static final byte JOURNAL = 'J';

    private final KeyValueStore<Bytes, byte[]> store;
    private final int configuredInterval;
    private final WarmStart warmStart; // what warm-started snapshots are decoded against, or null
    private final Map<String, Live> live = new HashMap<>();
    private final Example replay = new Example();

    /** A model in memory, its open journal block, and its store keys (built once, not per record). */
    private record Live(KeyedModel model, JournalBlock block, Bytes snapshotKey, Bytes[] journalKeys) {

        Live(KeyedModel model, JournalBlock block) {
            this(model, block, key(model.key(), SNAPSHOT, -1), new Bytes[model.snapshotEvery() / BLOCK_ENTRIES]);
        }

        Bytes journalKey(int slot) {
            Bytes k = journalKeys[slot];
            if (k == null) {
                k = key(model.key(), JOURNAL, slot);
                journalKeys[slot] = k;
            }
            return k;
        }
    }

    /** @param snapshotInterval 0 for automatic, else the wanted updates between snapshots (rounded up to B) */
    public ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval) {
        this(store, snapshotInterval, null);
    }

    /** @param warmStart the configured warm start (erstream.model.warm-start), or null */
    public ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval, WarmStart warmStart) {
        this.store = store;
        this.configuredInterval = snapshotInterval;
        this.warmStart = warmStart;
    }

    /** The store builder: cached (one changelog record per key per commit) and logged with room for snapshots. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(boolean persistent) {
        return Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(NAME)
                                : Stores.inMemoryKeyValueStore(NAME), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of("max.message.bytes", Integer.toString(StreamConfig.MAX_MODEL_BYTES),
                        "cleanup.policy", "compact"));
    }

    /**
     * The snapshot interval for a new model of this shape: configured, or {@value #SNAPSHOT_COST_SHARE} times the
     * journal entries a snapshot weighs. The record cache turns a commit's puts into one changelog record per key,
     * so what a snapshot costs is the CPU to encode it, on the stream thread, in proportion to its bytes; at this
     * interval encoding adds about a quarter to the per-record journal cost (one entry copied into the open block),
     * and a restore replays at most S − 1 entries per model.
     */
    int snapshotInterval(int snapshotBytes, int dimension) {
        int wanted = configuredInterval > 0 ? configuredInterval
                : Math.max(1, SNAPSHOT_COST_SHARE * snapshotBytes / JournalBlock.entrySize(dimension));
        return (wanted + BLOCK_ENTRIES - 1) / BLOCK_ENTRIES * BLOCK_ENTRIES;
    }

    /** The model of {@code key}: live, or loaded from the store (snapshot + journal replay), or null if none. */
    public KeyedModel get(String key) {
        Live l = live.get(key);
        if (l == null) {
            l = load(key);
            if (l == null) {
                return null;
            }
            live.put(key, l);
        }
        return l.model;
    }

    /** Registers a new model and writes its initial snapshot; returns the snapshot bytes. */
    public byte[] create(KeyedModel model) {
        if (model.sequence() != 0) {
            throw new IllegalArgumentException("a new model must start at sequence 0");
        }
        byte[] snapshot = KeyedModelCodec.encode(model);
        store.put(key(model.key(), SNAPSHOT, -1), snapshot);
        live.put(model.key(), new Live(model, block(model)));
        return snapshot;
    }

    /**
     * Applies a labelled example (test, then train) and persists it: a journal entry, or every S-th time a
     * snapshot. Returns the snapshot bytes when one was written, else null.
     */
    public byte[] learn(KeyedModel model, Example example) {
        Live l = live.get(model.key());
        if (l == null || l.model != model) {
            throw new IllegalStateException("model '" + model.key() + "' is not live in this store");
        }
        model.testThenTrain(example);
        long sequence = model.sequence();
        if (model.snapshotDue()) {
            byte[] snapshot = KeyedModelCodec.encode(model);
            store.put(l.snapshotKey, snapshot);
            l.block.clear();
            return snapshot;
        }
        if (l.block.entries() == BLOCK_ENTRIES) {
            l.block.clear();
        }
        l.block.append(sequence, example);
        store.put(l.journalKey(slot(model, sequence)), l.block.value());
        return null;
    }

    /**
     * The keys of every model in the store (those with a snapshot), found by a full scan: for announcing restored
     * models, not for the per-record path. A snapshot key is {@code len | name | 'S'}, nothing after the tag.
     */
    public List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                byte[] k = all.next().key.get();
                int length = ByteBuffer.wrap(k).getInt(0);
                if (k.length == 4 + length + 1 && k[4 + length] == SNAPSHOT) {
                    keys.add(new String(k, 4, length, StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    /** Forgets every live model (processor init/close): the store is the only source of truth. */
    public void clear() {
        live.clear();
    }

    /** Models currently in memory. */
    public Collection<KeyedModel> liveModels() {
        return live.values().stream().map(Live::model).toList();
    }

    private Live load(String key) {
        byte[] snapshot = store.get(key(key, SNAPSHOT, -1));
        if (snapshot == null) {
            return null;
        }
        KeyedModel model = KeyedModelCodec.decode(snapshot, warmStart);
        if (!model.key().equals(key)) {
            throw new IllegalStateException("snapshot under '" + key + "' belongs to '" + model.key() + "'");
        }
        if (model.sequence() % model.snapshotEvery() != 0) {
            throw new ModelFormatException("snapshot of '" + key + "': sequence " + model.sequence()
                    + " is not a multiple of the snapshot interval " + model.snapshotEvery());
        }
        JournalBlock block = block(model);
        replay.features = model.input();
        int slots = model.snapshotEvery() / BLOCK_ENTRIES;
        for (int slot = 0; slot < slots; slot++) {
            byte[] value = store.get(key(key, JOURNAL, slot));
            if (value == null || !replayBlock(model, block, value)) {
                break;
            }
        }
        return new Live(model, block);
    }

    /**
     * Replays the entries of one stored block that continue the model's sequence. Returns whether the next block
     * may continue it (this one was full and current); a partially filled current block becomes the live block.
     */
    private boolean replayBlock(KeyedModel model, JournalBlock block, byte[] value) {
        int entries = block.check(value);
        if (entries == 0 || block.sequence(value, 0) != model.sequence() + 1) {
            if (entries > 0 && block.sequence(value, 0) > model.sequence() + 1) {
                throw new IllegalStateException("journal of '" + model.key() + "' skips from sequence "
                        + model.sequence() + " to " + block.sequence(value, 0));
            }
            return false; // stale block of the previous round
        }
        for (int i = 0; i < entries; i++) {
            long sequence = block.sequence(value, i);
            if (sequence != model.sequence() + 1) {
                throw new IllegalStateException("journal of '" + model.key() + "' has sequence " + sequence
                        + " after " + model.sequence());
            }
            block.read(value, i, replay);
            model.testThenTrain(replay);
        }
        if (entries < BLOCK_ENTRIES) {
            block.load(value);
            return false;
        }
        return true;
    }

    private static JournalBlock block(KeyedModel model) {
        return new JournalBlock(model.dimension(), model.classifier(), BLOCK_ENTRIES);
    }

    private static int slot(KeyedModel model, long sequence) {
        return (int) (((sequence - 1) / BLOCK_ENTRIES) % (model.snapshotEvery() / BLOCK_ENTRIES));
    }

    static Bytes key(String modelKey, byte tag, int slot) {
        byte[] name = modelKey.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + name.length + 1 + (slot >= 0 ? 4 : 0));
        out.putInt(name.length).put(name).put(tag);
        if (slot >= 0) {
            out.putInt(slot);
        }
        return Bytes.wrap(out.array());
    }
}
