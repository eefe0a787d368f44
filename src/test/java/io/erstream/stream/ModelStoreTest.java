package io.erstream.stream;

import io.erstream.drift.DriftResponse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftPolicy;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snapshot + journal replay must reproduce live processing bit for bit, at every point of the ring. */
class ModelStoreTest {

    private static final int DIMENSION = 4;
    private static final int INTERVAL = 2 * ModelStore.INTERVAL_ROUNDING; // S = 32: a ring of 32 journal slots

    private KeyValueStore<Bytes, byte[]> kv;

    @BeforeEach
    void openStore() {
        kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        kv.init(context.getStateStoreContext(), kv);
    }

    @ParameterizedTest(name = "after {0} updates")
    @ValueSource(ints = {0, 1, 15, 16, 17, 31, 32, 33, 48, 64, 101})
    void aModelLoadedFromTheStoreEqualsTheLiveModel(int updates) {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(updates);
        learn(live, model, random, updates);

        KeyedModel restored = new ModelStore(kv, INTERVAL).get("k");

        assertNotNull(restored);
        assertEquals(updates, restored.sequence());
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(restored));
    }

    @Test
    void aNewModelsSnapshotHoldsItsLearnerAsParametersAndDecodesToTheSameModel() {
        ModelStore store = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(store, "k");

        byte[] stored = kv.get(ModelStore.key("k", ModelStore.SNAPSHOT, -1));

        byte[] full = KeyedModelCodec.encode(model);
        assertEquals(full.length - ModelCodec.encodedSize(model.learner()) + ModelCodec.INITIAL_BYTES, stored.length);
        assertEquals(full.length, KeyedModelCodec.fullSize(model, stored.length));
        assertArrayEquals(full, KeyedModelCodec.encode(KeyedModelCodec.decode(stored)));
    }

    @ParameterizedTest(name = "restored after {0}, then 40 more")
    @ValueSource(ints = {0, 5, 16, 20, 32, 47})
    void aRestoredModelContinuesExactlyLikeAnUninterruptedOne(int before) {
        ModelStore first = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(first, "k");
        Random random = new Random(11);
        learn(first, model, random, before);
        ModelStore second = new ModelStore(kv, INTERVAL);
        KeyedModel restored = second.get("k");
        Random same = new Random(99);
        Random again = new Random(99);
        learn(first, model, same, 40);
        learn(second, restored, again, 40);

        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(restored));
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(new ModelStore(kv, INTERVAL).get("k")));
    }

    /**
     * The detector, the policy's doings (reset covariance, new model, background learner and swap) and the drift
     * counts are model state: restored at every point of a run across a drift, the model is bit-identical to live.
     */
    @ParameterizedTest(name = "policy {0}")
    @ValueSource(strings = {"none", "reset-covariance", "reset-model", "warn-then-swap"})
    void aModelWithADriftDetectorRestoresBitIdenticallyAtEveryPointAcrossADrift(String policy) {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = KeyedModel.create("k", LearnerSpec.classifier(3), List.of("a", "b", "c"),
                FeatureLayout.positional(DIMENSION), INTERVAL,
                DriftResponse.fresh(Detectors.byName(Detectors.HDDM_A), DriftPolicy.of(policy)));
        live.create(model);
        live.flush();
        Random random = new Random(5);
        int backgroundPoints = 0;
        for (int i = 0; i < 300; i++) {
            Example e = example(model, random);
            if (i >= 150) {
                e.classIndex = (e.classIndex + 1) % 3; // the concept changes abruptly
            }
            live.learn(model, e);
            live.flush();
            backgroundPoints += model.drift().background() != null ? 1 : 0;
            assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(new ModelStore(kv, INTERVAL)
                    .get("k")), "restored after " + (i + 1) + " updates");
        }

        assertEquals(1, model.driftDetections(), "the run crosses exactly one drift");
        assertEquals(300, model.version(), "versions count on across a replaced learner");
        if (policy.equals("warn-then-swap")) {
            assertTrue(backgroundPoints > 0, "some restore points had a background learner in training");
        }
    }

    @Test
    void snapshotsAreWrittenEveryIntervalAndReturnedForPublication() {
        ModelStore store = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(store, "k");
        Random random = new Random(1);
        int snapshots = 0;
        for (int i = 1; i <= 3 * INTERVAL; i++) {
            byte[] snapshot = store.learn(model, example(model, random));
            store.flush();
            if (snapshot != null) {
                snapshots++;
                assertEquals(0, i % INTERVAL, "snapshot at update " + i);
                assertEquals(i, KeyedModelCodec.decode(snapshot).sequence());
            }
        }
        assertEquals(3, snapshots);
    }

    @Test
    void modelsOfDifferentKeysDoNotShareEntries() {
        ModelStore store = new ModelStore(kv, INTERVAL);
        KeyedModel a = newModel(store, "a");
        KeyedModel ab = newModel(store, "a|J");
        Random random = new Random(5);
        learn(store, a, random, 20);
        ModelStore reloaded = new ModelStore(kv, INTERVAL);
        assertEquals(20, reloaded.get("a").sequence());
        assertEquals(0, reloaded.get("a|J").sequence());
        assertNull(reloaded.get("b"));
        assertEquals(0, ab.sequence());
    }

    @Test
    void automaticIntervalSpendsOnSnapshotsAQuarterOfWhatTheJournalCosts() {
        ModelStore store = new ModelStore(kv, 0);
        int entry = JournalBlock.entrySize(10);
        int interval = store.snapshotInterval(25 * entry, 10);
        assertEquals(0, interval % ModelStore.INTERVAL_ROUNDING);
        assertEquals(112, interval); // 4 × 25 entries' worth, rounded up to a multiple of 16
    }

    @Test
    void aConfiguredIntervalIsRoundedUpToAMultipleOfSixteen() {
        assertEquals(2 * ModelStore.INTERVAL_ROUNDING, new ModelStore(kv, ModelStore.INTERVAL_ROUNDING + 1)
                .snapshotInterval(25 * JournalBlock.entrySize(10), 10));
    }

    @Test
    void aJournalThatSkipsAheadOfItsSnapshotLoadsUpToTheGapAndKeepsLearning() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        byte[] initial = kv.get(ModelStore.key("k", (byte) 'S', -1));
        Random random = new Random(7);
        learn(live, model, random, INTERVAL + 5);
        kv.put(ModelStore.key("k", (byte) 'S', -1), initial); // a store flushed in part: the new snapshot is lost

        ModelStore reader = new ModelStore(kv, INTERVAL);
        KeyedModel loaded = reader.get("k");

        assertEquals(0, loaded.sequence(), "loaded up to the gap: the journal continues a snapshot it does not have");
        assertEquals(1, reader.repairs());
        reader.learn(loaded, example(loaded, random));
        reader.flush();
        KeyedModel again = new ModelStore(kv, INTERVAL).get("k");
        assertArrayEquals(KeyedModelCodec.encode(loaded), KeyedModelCodec.encode(again));
    }

    @Test
    void aCorruptJournalEntryLoadsUpToIt() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(8);
        learn(live, model, random, 19);
        Bytes sixth = ModelStore.key("k", (byte) 'J', 5);
        byte[] entry = kv.get(sixth);
        entry[entry.length - 1] ^= 1;
        kv.put(sixth, entry);

        ModelStore reader = new ModelStore(kv, INTERVAL);

        assertEquals(5, reader.get("k").sequence());
        assertEquals(1, reader.repairs());
    }

    @Test
    void eachUpdateWritesOneJournalEntryOfItsOwn() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(10);
        learn(live, model, random, 3);
        int entry = 1 + JournalBlock.entrySize(DIMENSION) + 4;
        for (int slot = 0; slot < 3; slot++) {
            assertEquals(entry, kv.get(ModelStore.key("k", (byte) 'J', slot)).length, "slot " + slot);
        }
        assertNull(kv.get(ModelStore.key("k", (byte) 'J', 3)));
    }

    @ParameterizedTest(name = "{0} entries in 16-entry blocks, then 40 more")
    @ValueSource(ints = {1, 16, 20, 31})
    void aJournalOfSixteenEntryBlocksLoadsAndContinuesExactly(int updates) {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(updates);
        learn(live, model, random, updates);
        rewriteJournalAsBlocks("k", model);

        ModelStore restored = new ModelStore(kv, INTERVAL);
        KeyedModel loaded = restored.get("k");
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(loaded));
        Random more = new Random(-updates);
        Random same = new Random(-updates);
        learn(live, model, more, 40);
        learn(restored, loaded, same, 40);
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(loaded));
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(new ModelStore(kv, INTERVAL)
                .get("k")));
    }

    /** Replaces the one-entry slots after the snapshot by blocks of 16 entries, one per slot of a ring of S / 16. */
    private void rewriteJournalAsBlocks(String key, KeyedModel model) {
        JournalBlock reader = new JournalBlock(DIMENSION, true, 2, 1);
        JournalBlock block = new JournalBlock(DIMENSION, true, 2, JournalBlock.MAX_ENTRIES);
        Example entry = new Example();
        entry.features = new double[DIMENSION];
        long first = model.sequence() - model.sequence() % INTERVAL;
        for (long s = first + 1; s <= model.sequence(); s++) {
            Bytes slot = ModelStore.key(key, (byte) 'J', (int) ((s - 1) % INTERVAL));
            reader.read(kv.get(slot), 0, entry);
            kv.delete(slot);
            block.append(s, entry);
            if (block.entries() == JournalBlock.MAX_ENTRIES || s == model.sequence()) {
                kv.put(ModelStore.key(key, (byte) 'J', (int) ((s - 1) % INTERVAL / JournalBlock.MAX_ENTRIES)),
                        block.value());
                block.clear();
            }
        }
    }

    @Test
    void aRolledBackRecordLeavesTheStoreAndTheModelAsBefore() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(9);
        learn(live, model, random, 20);
        byte[] before = KeyedModelCodec.encode(model);

        live.learn(model, example(model, random)); // the record then fails: its writes are held, never flushed
        KeyedModel dropped = live.rollback("k");

        assertTrue(dropped == model);
        assertArrayEquals(before, KeyedModelCodec.encode(live.get("k")));
        assertArrayEquals(before, KeyedModelCodec.encode(new ModelStore(kv, INTERVAL).get("k")));
    }

    private static KeyedModel newModel(ModelStore store, String key) {
        KeyedModel model = unstoredModel(key, INTERVAL);
        store.create(model);
        store.flush();
        return model;
    }

    /** {@code n} labelled records of {@code model}, each learnt and flushed. */
    private static void learn(ModelStore store, KeyedModel model, Random random, int n) {
        for (int i = 0; i < n; i++) {
            store.learn(model, example(model, random));
            store.flush();
        }
    }

    /** A new model of the shape these tests use (three classes, four features), not yet in any store. */
    static KeyedModel unstoredModel(String key, int interval) {
        return KeyedModel.create(key, LearnerSpec.classifier(3), List.of("a", "b", "c"),
                FeatureLayout.positional(DIMENSION), interval);
    }

    /** A labelled example for {@code model}, into its input buffer, drawn from {@code random}. */
    static Example example(KeyedModel model, Random random) {
        Example e = new Example();
        e.features = model.input();
        for (int i = 0; i < DIMENSION; i++) {
            e.features[i] = random.nextGaussian();
        }
        e.labelled = true;
        e.classIndex = e.features[0] + e.features[1] > 0 ? 1 : (e.features[2] > 0.5 ? 2 : 0);
        e.timestamp = random.nextInt(1_000_000);
        return e;
    }
}
