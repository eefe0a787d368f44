package io.erstream.stream;

import io.erstream.learn.ModelFormatException;
import io.erstream.learn.WarmStart;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
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

    /**
     * A loaded model and the size of its snapshot in full ({@link KeyedModelCodec#fullSize}; a snapshot of a model
     * that had learnt nothing is taken to be initial).
     */
    record Loaded(KeyedModel model, int snapshotBytes) {
    }

    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final WarmStart warmStart;
    private final boolean logRepairs;
    private final Example replay = new Example();
    private final LearningStep replayed = new LearningStep(); // what a replayed step did: nobody needs it
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
        int snapshotBytes = KeyedModelCodec.fullSize(model, snapshot.length);
        JournalBlock reader = new JournalBlock(model.dimension(), model.classifier(), model.probabilities().length, 1);
        replay.features = model.input();
        try (KeyValueIterator<Bytes, byte[]> journal = store.range(ModelStore.key(key, ModelStore.JOURNAL, 0),
                ModelStore.key(key, ModelStore.JOURNAL, model.snapshotEvery() - 1))) {
            while (journal.hasNext()) {
                if (!replay(model, reader, journal.next().value)) {
                    break;
                }
            }
        }
        return new Loaded(model, snapshotBytes);
    }

    /** Models whose journal had a gap or a bad entry and were loaded up to it. */
    long repairs() {
        return repairs;
    }

    /**
     * Replays the entries of one journal slot that continue the model's sequence, skipping those of the previous
     * round (sequence ≤ the model's). Returns whether later slots may continue it. Slots are read in order, and a
     * ring's slot order is its sequence order after a snapshot, whether a slot holds one entry or a block.
     *
     * <p>Under exactly_once_v2 the journal always continues its snapshot. A store that was flushed in part (under
     * at_least_once, a crash between two cache flushes) can hold an entry that skips ahead, or a corrupt one: the
     * model is then loaded up to the last entry that continues it, and the gap is logged and counted
     * ({@link #repairs}) — a model that cannot load would fail every record of its key.
     */
    private boolean replay(KeyedModel model, JournalBlock reader, byte[] value) {
        int entries;
        try {
            entries = reader.check(value);
        } catch (IllegalStateException corrupt) {
            return repaired(model, corrupt.getMessage());
        }
        for (int i = 0; i < entries; i++) {
            long sequence = reader.sequence(value, i);
            if (sequence <= model.sequence()) {
                continue; // the previous round's
            }
            if (sequence != model.sequence() + 1) {
                return repaired(model, "the journal skips from sequence " + model.sequence() + " to " + sequence);
            }
            reader.read(value, i, replay);
            model.testThenTrain(replay, replayed);
        }
        return true;
    }

    private boolean repaired(KeyedModel model, String problem) {
        repairs++;
        if (!logRepairs) {
            return false; // a query reading while the stream thread writes can see a later entry: not a repair
        }
        LOG.warn("model '{}': {}; loaded up to sequence {} (a store flushed in part, as at_least_once allows)",
                model.key(), problem, model.sequence());
        return false;
    }

}
