package io.erstream.stream;

import io.erstream.learn.ModelFormatException;
import io.erstream.learn.WarmStart;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one model from the store: its snapshot, then the journal entries after it, replayed through
 * {@link KeyedModel#testThenTrain} — the same function that learns live, which is what makes a loaded model
 * bit-identical to the live one. Used by the stream thread's {@link ModelStore} (a cache miss, a restore) and by
 * queries ({@link StoredModels}), which must not pull a model into the learning cache. Not thread-safe: one per
 * reader.
 */
final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    /** A loaded model, its open journal block (to keep appending to), and its snapshot's size. */
    record Loaded(KeyedModel model, JournalBlock block, int snapshotBytes) {
    }

    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final WarmStart warmStart;
    private final boolean logRepairs;
    private final Example replay = new Example();
    private long repairs;

    /** @param logRepairs whether a journal gap is worth a warning (the stream thread's loads), or expected */
    ModelLoader(ReadOnlyKeyValueStore<Bytes, byte[]> store, WarmStart warmStart, boolean logRepairs) {
        this.store = store;
        this.warmStart = warmStart;
        this.logRepairs = logRepairs;
    }

    /** The model of {@code key} as the store holds it, or null if there is none. */
    Loaded load(String key) {
        byte[] snapshot = store.get(ModelStore.key(key, ModelStore.SNAPSHOT, -1));
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
        JournalBlock block = ModelStore.block(model);
        replay.features = model.input();
        int slots = model.snapshotEvery() / ModelStore.BLOCK_ENTRIES;
        for (int slot = 0; slot < slots; slot++) {
            byte[] value = store.get(ModelStore.key(key, ModelStore.JOURNAL, slot));
            if (value == null || !replayBlock(model, block, value)) {
                break;
            }
        }
        return new Loaded(model, block, snapshot.length);
    }

    /** Models whose journal had a gap or a bad block and were loaded up to it. */
    long repairs() {
        return repairs;
    }

    /**
     * Replays the entries of one stored block that continue the model's sequence. Returns whether the next block
     * may continue it (this one was full and current); a partially filled current block becomes the live block.
     *
     * <p>Under exactly_once_v2 the journal always continues its snapshot. A store that was flushed in part (under
     * at_least_once, a crash between two cache flushes) can hold a block that skips ahead, or a corrupt one: the
     * model is then loaded up to the last entry that continues it, and the gap is logged and counted
     * ({@link #repairs}) — a model that cannot load would fail every record of its key.
     */
    private boolean replayBlock(KeyedModel model, JournalBlock block, byte[] value) {
        int entries;
        try {
            entries = block.check(value);
        } catch (IllegalStateException corrupt) {
            return repaired(model, corrupt.getMessage());
        }
        if (entries == 0 || block.sequence(value, 0) != model.sequence() + 1) {
            if (entries > 0 && block.sequence(value, 0) > model.sequence() + 1) {
                return repaired(model, "the journal skips from sequence " + model.sequence() + " to "
                        + block.sequence(value, 0));
            }
            return false; // stale block of the previous round
        }
        for (int i = 0; i < entries; i++) {
            long sequence = block.sequence(value, i);
            if (sequence != model.sequence() + 1) {
                block.load(value, i); // keep the entries that continue the model: the next one is appended after them
                return repaired(model, "the journal has sequence " + sequence + " after " + model.sequence());
            }
            block.read(value, i, replay);
            model.testThenTrain(replay);
            if (i == entries - 1 && entries < ModelStore.BLOCK_ENTRIES) {
                block.load(value);
            }
        }
        return entries == ModelStore.BLOCK_ENTRIES;
    }

    private boolean repaired(KeyedModel model, String problem) {
        repairs++;
        if (!logRepairs) {
            return false; // a query reading while the stream thread writes can see a later block: not a repair
        }
        LOG.warn("model '{}': {}; loaded up to sequence {} (a store flushed in part, as at_least_once allows)",
                model.key(), problem, model.sequence());
        return false;
    }

}
