package io.erstream.stream;

import io.erstream.learn.WarmStart;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
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
 *   <li>{@code … | 'J' | slot u32}: the journal entry with sequence s, in slot (s − 1) mod S of a ring of S slots
 *       ({@link JournalBlock} of one entry). Since C is a multiple of S, the entries after a snapshot always start
 *       at slot 0; slots from the previous round hold sequences ≤ C and are recognised as stale.</li>
 * </ul>
 * One entry per store key, not a block of entries re-put as it grows: with many keys a model is rarely updated
 * twice in one commit interval, so every put reaches the changelog, and a growing block would send each entry
 * again with every later one. With few, busy keys the ring wraps within a commit interval and the record cache
 * coalesces it to one record per slot, as it would blocks. Every S-th update writes the snapshot instead of a
 * journal entry. S is chosen so that encoding snapshots costs about a quarter of journalling (S ≈ 4 × snapshot
 * bytes / entry bytes; or taken from {@code erstream.snapshot.interval}), rounded up to a multiple of
 * {@value #INTERVAL_ROUNDING}, so that it also suits the ring of 16-entry blocks that {@link ModelLoader} reads.
 *
 * <h2>Why a restored model is bit-identical to the committed one</h2>
 * <ol>
 *   <li>All writes are {@code put()} calls made while processing a record, never from {@code flush/commit} (in
 *       Kafka Streams 4.x a store's commit runs after the transaction commits). Under exactly_once_v2 the caching
 *       layer flushes inside the transaction, so the changelog holds exactly the writes of the committed input
 *       offsets: the snapshot and journal entries a restore sees are those of a committed prefix of the input.</li>
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
    /**
     * Snapshot intervals are multiples of this: a journal may also hold blocks of up to this many entries, one per
     * slot of a ring of S / 16 ({@link ModelLoader} replays both forms).
     */
    static final int INTERVAL_ROUNDING = JournalBlock.MAX_ENTRIES;
    /** Automatic snapshot interval, in snapshot-sized journals (see {@link #snapshotInterval}). */
    static final int SNAPSHOT_COST_SHARE = 4;

    static final byte SNAPSHOT = 'S';
    static final byte JOURNAL = 'J';
    private static final byte META = 'M';
    private static final byte INDEX = 'T';
    /** Index keys start with a length no model key can have, so they sort after every model's entries. */
    private static final int INDEX_PREFIX = 0xFFFFFFFF;
    private static final long NOT_INDEXED = Long.MIN_VALUE;
    /** The number of models in the store, kept beside the index so that it needs no scan to report. */
    private static final Bytes COUNT_KEY = Bytes.wrap(ByteBuffer.allocate(5).putInt(INDEX_PREFIX).put((byte) 'C')
            .array());
    /** Expiry buckets per TTL: a model is found expired at most TTL / this late by a sweep. */
    static final int EXPIRY_BUCKETS = 8;
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final int configuredInterval;
    private final WarmStart warmStart; // what warm-started snapshots are decoded against, or null
    private final LearningFault fault;
    private final ModelCache cache;
    /** The cached models, least recently used first. */
    private final LinkedHashMap<String, Live> live = new LinkedHashMap<>(16, 0.75f, true);
    private Consumer<KeyedModel> evicted = model -> {
    };
    private final ModelLoader loader;
    // the current record's writes, held back until it has fully succeeded (see flush and rollback)
    private final HeldWrites held = new HeldWrites();
    private long stored = -1; // models in the store, as of the last flush; -1 until counted
    private int storedDelta; // models the held writes create (+1) or delete (−1)
    private final long ttl; // 0: models never expire
    private final long granularity; // width of an expiry bucket

    /**
     * A model in memory, the buffer its journal entries are written through, its name's bytes (for its store
     * keys, encoded once rather than per record), the heap it is estimated to take, and the expiry bucket its index
     * entry is under (see {@link #index}).
     */
    private static final class Live {
        final KeyedModel model;
        final JournalBlock entry;
        final byte[] name;
        final Bytes snapshotKey;
        final long bytes;
        long indexed = NOT_INDEXED;

        Live(KeyedModel model, int snapshotBytes) {
            this.model = model;
            this.entry = new JournalBlock(model.dimension(), model.classifier(), model.probabilities().length, 1);
            this.name = model.key().getBytes(StandardCharsets.UTF_8);
            this.snapshotKey = key(name, SNAPSHOT, -1);
            this.bytes = ModelCache.estimate(snapshotBytes, entry.capacityBytes());
        }

        /** A new key for each put: the record cache keeps the key object it is given. */
        Bytes journalKey(long sequence) {
            return key(name, JOURNAL, (int) ((sequence - 1) % model.snapshotEvery()));
        }
    }

    /** @param snapshotInterval 0 for automatic, else the wanted updates between snapshots (rounded up to B) */
    public ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval) {
        this(store, snapshotInterval, null);
    }

    /** @param warmStart the configured warm start (erstream.model.warm-start), or null */
    public ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval, WarmStart warmStart) {
        this(store, snapshotInterval, warmStart, LearningFault.NONE);
    }

    ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval, WarmStart warmStart, LearningFault fault) {
        this(store, snapshotInterval, warmStart, fault, ModelCache.unbounded());
    }

    ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval, WarmStart warmStart, LearningFault fault,
               ModelCache cache) {
        this(store, snapshotInterval, warmStart, fault, cache, Duration.ZERO);
    }

    /**
     * @param cache the instance's budget for live models, shared with the other tasks' stores
     * @param ttl   how long a model may go without an update before it expires; zero: never
     */
    ModelStore(KeyValueStore<Bytes, byte[]> store, int snapshotInterval, WarmStart warmStart, LearningFault fault,
               ModelCache cache, Duration ttl) {
        this.store = store;
        this.configuredInterval = snapshotInterval;
        this.warmStart = warmStart;
        this.fault = fault;
        this.cache = cache;
        this.loader = new ModelLoader(store, warmStart, true);
        this.ttl = ttl.toMillis();
        this.granularity = Math.max(1, this.ttl / EXPIRY_BUCKETS);
    }

    /**
     * Who hears of a model leaving the cache (to publish what it still owes and to drop its view); called on the
     * stream thread, from {@link #get} or {@link #create}, before the model is forgotten.
     */
    void onEvict(Consumer<KeyedModel> listener) {
        this.evicted = listener;
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
     * interval encoding adds about a quarter to the per-record journal cost (one entry encoded), and a restore
     * replays at most S − 1 entries per model.
     */
    int snapshotInterval(int snapshotBytes, int dimension) {
        int wanted = configuredInterval > 0 ? configuredInterval
                : Math.max(1, SNAPSHOT_COST_SHARE * snapshotBytes / JournalBlock.entrySize(dimension));
        return (wanted + INTERVAL_ROUNDING - 1) / INTERVAL_ROUNDING * INTERVAL_ROUNDING;
    }

    /**
     * The model of {@code key}: live, or loaded from the store (snapshot + journal replay) into the cache, or null
     * if none. A load may evict the least recently used other models.
     */
    public KeyedModel get(String key) {
        Live l = live.get(key);
        if (l != null) {
            cache.hit();
            return l.model;
        }
        cache.miss();
        long start = System.nanoTime();
        l = load(key);
        if (l == null) {
            return null;
        }
        cache.loaded(System.nanoTime() - start);
        admit(l);
        return l.model;
    }

    /** Caches {@code l} as the most recently used model, then evicts others while over the budget. */
    private void admit(Live l) {
        Live before = live.put(l.model.key(), l);
        if (before != null) {
            cache.removed(before.bytes);
        }
        cache.added(l.bytes);
        if (!cache.over()) {
            return;
        }
        Iterator<Live> eldest = live.values().iterator();
        while (cache.over() && live.size() > 1) {
            Live victim = eldest.next();
            eldest.remove();
            cache.removed(victim.bytes);
            cache.evicted();
            evicted.accept(victim.model);
        }
    }

    /**
     * Registers a new model and holds its initial snapshot for {@link #flush} (its learner in the initial form,
     * {@link KeyedModelCodec#encodeNew}: the model has learnt nothing yet); returns the snapshot bytes.
     *
     * <p>Writes are held, not put, so that a record whose handling fails after this call leaves the store exactly
     * as it was ({@link #rollback}); the processor flushes once nothing else can fail for the record.
     */
    public byte[] create(KeyedModel model) {
        byte[] snapshot = KeyedModelCodec.encodeNew(model);
        return create(model, snapshot, KeyedModelCodec.fullSize(model, snapshot.length));
    }

    /**
     * {@link #create(KeyedModel)} with the model's initial snapshot already encoded ({@link KeyedModelCodec#encodeNew}
     * of this model as it is now) and measured ({@link KeyedModelCodec#fullSize}): a new key's model is encoded and
     * measured once, to size it and to store it.
     */
    byte[] create(KeyedModel model, byte[] snapshot, int snapshotBytes) {
        if (model.sequence() != 0) {
            throw new IllegalArgumentException("a new model must start at sequence 0");
        }
        Live l = new Live(model, snapshotBytes);
        admit(l);
        hold(l.snapshotKey, snapshot);
        index(l);
        storedDelta++;
        return snapshot;
    }

    /**
     * Applies a labelled example (test, then train; what the step did goes into {@code step}) and holds its
     * persistence for {@link #flush}: a journal entry, or every S-th time a snapshot. Returns the snapshot bytes when
     * one is due, else null.
     */
    public byte[] learn(KeyedModel model, Example example, LearningStep step) {
        Live l = live.get(model.key());
        if (l == null || l.model != model) {
            throw new IllegalStateException("model '" + model.key() + "' is not live in this store");
        }
        model.testThenTrain(example, step);
        fault.afterUpdate(model);
        long sequence = model.sequence();
        byte[] snapshot = null;
        if (model.snapshotDue()) {
            snapshot = KeyedModelCodec.encode(model);
            hold(l.snapshotKey, snapshot);
        } else {
            l.entry.clear();
            l.entry.append(sequence, example);
            hold(l.journalKey(sequence), l.entry.value());
        }
        index(l);
        return snapshot;
    }

    /** {@link #learn(KeyedModel, Example, LearningStep)} for a caller that does not keep the step's outcome. */
    public byte[] learn(KeyedModel model, Example example) {
        return learn(model, example, new LearningStep());
    }

    /**
     * Keeps the model's expiry index entry under the bucket of its last update: an index of (bucket, key) after
     * every model's entries, so a sweep finds expired models by one range scan instead of reading every model. It
     * moves only when the bucket changes (TTL / {@value #EXPIRY_BUCKETS} of event time), so most updates write
     * nothing extra; the bucket is kept beside the model ({@code … | 'M'}) to find the entry to move after a load.
     */
    private void index(Live l) {
        if (ttl == 0) {
            return;
        }
        long bucket = Math.floorDiv(l.model.lastTimestamp(), granularity);
        if (bucket == l.indexed) {
            return;
        }
        if (l.indexed != NOT_INDEXED) {
            hold(indexKey(l.indexed, l.model.key()), null);
        }
        hold(indexKey(bucket, l.model.key()), EMPTY);
        hold(key(l.model.key(), META, -1), ByteBuffer.allocate(8).putLong(bucket).array());
        l.indexed = bucket;
    }

    /** Whether {@code model} has gone without an update for the TTL at stream time {@code now}. */
    boolean expired(KeyedModel model, long now) {
        return ttl > 0 && now - model.lastTimestamp() >= ttl;
    }

    /**
     * Deletes the model of {@code key} as part of the current record (held, like every write of a record): an
     * expired model met by a record of its key, which then starts a new one. Returns whether one was stored.
     */
    boolean expire(String key) {
        List<Bytes> entries = entriesOf(key);
        entries.forEach(k -> hold(k, null));
        storedDelta -= entries.isEmpty() ? 0 : 1;
        Live l = live.remove(key);
        if (l != null) {
            cache.removed(l.bytes);
        }
        return !entries.isEmpty();
    }

    /**
     * Up to {@code max} keys of models that have surely expired at stream time {@code now}: those whose index
     * bucket ends at least the TTL before it.
     */
    List<String> expiredKeys(long now, int max) {
        List<String> keys = new ArrayList<>();
        if (ttl == 0) {
            return keys;
        }
        long cutoff = Math.floorDiv(now - ttl + 1, granularity) - 1;
        Bytes from = Bytes.wrap(ByteBuffer.allocate(5).putInt(INDEX_PREFIX).put(INDEX).array());
        Bytes to = Bytes.wrap(ByteBuffer.allocate(13).putInt(INDEX_PREFIX).put(INDEX).putLong(cutoff + 1
                ^ Long.MIN_VALUE).array());
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, to)) {
            while (range.hasNext() && keys.size() < max) {
                byte[] k = range.next().key.get();
                if (k.length > 13) {
                    keys.add(new String(k, 13, k.length - 13, StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    /**
     * Deletes the model of {@code key} now (a sweep, outside any record): its snapshot, journal, bucket and index
     * entry become tombstones in the changelog. Returns the live model it drops, or null.
     */
    KeyedModel delete(String key) {
        List<Bytes> entries = entriesOf(key);
        entries.forEach(store::delete);
        if (!entries.isEmpty()) {
            changeStored(-1);
        }
        Live l = live.remove(key);
        if (l == null) {
            return null;
        }
        cache.removed(l.bytes);
        return l.model;
    }

    /** Every store entry of the model of {@code key}: its own entries, and its index entry if it has one. */
    private List<Bytes> entriesOf(String key) {
        List<Bytes> entries = new ArrayList<>();
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        Bytes from = Bytes.wrap(ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name).array());
        Bytes to = Bytes.wrap(ByteBuffer.allocate(4 + name.length + 5).putInt(name.length).put(name)
                .put(new byte[] {-1, -1, -1, -1, -1}).array());
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, to)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                entries.add(entry.key);
                byte[] k = entry.key.get();
                if (k.length == 4 + name.length + 1 && k[4 + name.length] == META) {
                    entries.add(indexKey(ByteBuffer.wrap(entry.value).getLong(), key));
                }
            }
        }
        return entries;
    }

    private static Bytes indexKey(long bucket, String modelKey) {
        byte[] name = modelKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(13 + name.length).putInt(INDEX_PREFIX).put(INDEX)
                .putLong(bucket ^ Long.MIN_VALUE).put(name).array()); // sign flipped: buckets sort as numbers
    }

    /** Holds a write (a null value deletes) until the record succeeds. */
    private void hold(Bytes key, byte[] value) {
        held.hold(key, value);
    }

    /** Writes the current record's held writes to the store: the record has succeeded. */
    public void flush() {
        if (storedDelta != 0) {
            changeStored(storedDelta);
            storedDelta = 0;
        }
        held.flushTo(store);
    }

    /**
     * Undoes the current record for model {@code key}: drops its held writes and its live model (which the record
     * may have changed half-way), so the next {@link #get} reads the model as the store has it — the model before
     * the record. Returns the model the record may have changed, or null if none was live.
     */
    public KeyedModel rollback(String key) {
        storedDelta = 0;
        held.drop();
        Live dropped = live.remove(key);
        if (dropped == null) {
            return null;
        }
        cache.removed(dropped.bytes);
        return dropped.model;
    }

    /**
     * The number of models in the store. Read from its counter entry; a store written before the counter existed
     * is counted once by a scan, and the counter written with the next record.
     */
    public long storedModels() {
        if (stored < 0) {
            byte[] count = store.get(COUNT_KEY);
            stored = count != null ? ByteBuffer.wrap(count).getLong() : storedKeys().size();
            cache.storedChanged(stored);
        }
        return stored;
    }

    private void changeStored(int delta) {
        long before = storedModels();
        stored = before + delta;
        cache.storedChanged(delta);
        store.put(COUNT_KEY, ByteBuffer.allocate(8).putLong(stored).array());
    }

    /** Models whose journal had a gap or a bad entry and were loaded up to it (see {@link #load}). */
    public long repairs() {
        return loader.repairs();
    }

    /**
     * The keys of every model in the store (those with a snapshot), found by a full scan: for counting the models of
     * a store written before its counter existed, never for the per-record path. A snapshot key is {@code len | name | 'S'}, nothing after the tag.
     */
    public List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                byte[] k = all.next().key.get();
                if (snapshotKey(k)) {
                    keys.add(new String(k, 4, k.length - 5, StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    /**
     * Why the stored models cannot be used with the configured warm start, or null if they can: the models of one
     * store are all made alike, so the first snapshot found speaks for all of them (a short scan, not a full one).
     */
    public String warmStartConflict() {
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (snapshotKey(entry.key.get())) {
                    Integer stored = KeyedModelCodec.warmStartOf(entry.value);
                    Integer configured = warmStart == null ? null : warmStart.fingerprint();
                    if (java.util.Objects.equals(stored, configured)) {
                        return null;
                    }
                    return "the stored models were made " + describe(stored) + ", but the configuration starts new "
                            + "models " + describe(configured);
                }
            }
        }
        return null;
    }

    private static String describe(Integer warmStart) {
        return warmStart == null ? "linear (no warm start)" : "from warm start " + WarmStart.hex(warmStart);
    }

    /** Deletes every stored model (a rebuild): each delete is a tombstone in the changelog. Returns the count. */
    public int deleteAll() {
        List<Bytes> keys = new ArrayList<>();
        int models = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                Bytes k = all.next().key;
                keys.add(k);
                models += snapshotKey(k.get()) ? 1 : 0;
            }
        }
        keys.forEach(store::delete);
        clear();
        stored = 0;
        return models;
    }

    /** The model key of a snapshot entry's store key, or null for any other entry. */
    static String snapshotKeyName(byte[] k) {
        return snapshotKey(k) ? new String(k, 4, k.length - 5, StandardCharsets.UTF_8) : null;
    }

    private static boolean snapshotKey(byte[] k) {
        int length = ByteBuffer.wrap(k).getInt(0);
        return k.length == 4 + length + 1 && k[4 + length] == SNAPSHOT;
    }

    /** Forgets every live model (processor init/close): the store is the only source of truth. */
    public void clear() {
        if (stored > 0) {
            cache.storedChanged(-stored); // this task's models are no longer counted here
        }
        stored = -1;
        live.values().forEach(l -> cache.removed(l.bytes));
        live.clear();
    }

    /** Models currently in memory. */
    public Collection<KeyedModel> liveModels() {
        return live.values().stream().map(l -> l.model).toList();
    }

    private Live load(String key) {
        ModelLoader.Loaded loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        Live l = new Live(loaded.model(), loaded.snapshotBytes());
        if (ttl > 0) {
            byte[] bucket = store.get(key(key, META, -1));
            l.indexed = bucket == null ? NOT_INDEXED : ByteBuffer.wrap(bucket).getLong();
        }
        return l;
    }

    static Bytes key(String modelKey, byte tag, int slot) {
        return key(modelKey.getBytes(StandardCharsets.UTF_8), tag, slot);
    }

    private static Bytes key(byte[] name, byte tag, int slot) {
        ByteBuffer out = ByteBuffer.allocate(4 + name.length + 1 + (slot >= 0 ? 4 : 0));
        out.putInt(name.length).put(name).put(tag);
        if (slot >= 0) {
            out.putInt(slot);
        }
        return Bytes.wrap(out.array());
    }
}
