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
    private static final int INTERVAL = 2 * ModelStore.BLOCK_ENTRIES; // S = 32: a two-slot ring

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
        for (int i = 0; i < updates; i++) {
            live.learn(model, example(model, random));
            live.flush();
        }

        KeyedModel restored = new ModelStore(kv, INTERVAL).get("k");

        assertNotNull(restored);
        assertEquals(updates, restored.sequence());
        assertArrayEquals(KeyedModelCodec.encode(model), KeyedModelCodec.encode(restored));
    }

    @ParameterizedTest(name = "restored after {0}, then 40 more")
    @ValueSource(ints = {0, 5, 16, 20, 32, 47})
    void aRestoredModelContinuesExactlyLikeAnUninterruptedOne(int before) {
        ModelStore first = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(first, "k");
        Random random = new Random(11);
        for (int i = 0; i < before; i++) {
            first.learn(model, example(model, random));
            first.flush();
        }
        ModelStore second = new ModelStore(kv, INTERVAL);
        KeyedModel restored = second.get("k");
        Random same = new Random(99);
        Random again = new Random(99);
        for (int i = 0; i < 40; i++) {
            first.learn(model, example(model, same));
            first.flush();
            second.learn(restored, example(restored, again));
            second.flush();
        }

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
        for (int i = 0; i < 20; i++) {
            store.learn(a, example(a, random));
            store.flush();
        }
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
        assertEquals(0, interval % ModelStore.BLOCK_ENTRIES);
        assertEquals(112, interval); // 4 × 25 entries' worth, rounded up to a whole block
    }

    @Test
    void aConfiguredIntervalIsRoundedUpToAWholeBlock() {
        assertEquals(2 * ModelStore.BLOCK_ENTRIES, new ModelStore(kv, ModelStore.BLOCK_ENTRIES + 1)
                .snapshotInterval(25 * JournalBlock.entrySize(10), 10));
    }

    @Test
    void aJournalThatSkipsAheadOfItsSnapshotLoadsUpToTheGapAndKeepsLearning() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        byte[] initial = kv.get(ModelStore.key("k", (byte) 'S', -1));
        Random random = new Random(7);
        for (int i = 0; i < INTERVAL + 5; i++) {
            live.learn(model, example(model, random));
            live.flush();
        }
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
    void aCorruptJournalBlockLoadsUpToIt() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(8);
        for (int i = 0; i < ModelStore.BLOCK_ENTRIES + 3; i++) {
            live.learn(model, example(model, random));
            live.flush();
        }
        Bytes second = ModelStore.key("k", (byte) 'J', 1);
        byte[] block = kv.get(second);
        block[block.length - 1] ^= 1;
        kv.put(second, block);

        ModelStore reader = new ModelStore(kv, INTERVAL);

        assertEquals(ModelStore.BLOCK_ENTRIES, reader.get("k").sequence());
        assertEquals(1, reader.repairs());
    }

    @Test
    void aRolledBackRecordLeavesTheStoreAndTheModelAsBefore() {
        ModelStore live = new ModelStore(kv, INTERVAL);
        KeyedModel model = newModel(live, "k");
        Random random = new Random(9);
        for (int i = 0; i < 20; i++) {
            live.learn(model, example(model, random));
            live.flush();
        }
        byte[] before = KeyedModelCodec.encode(model);

        live.learn(model, example(model, random)); // the record then fails: its writes are held, never flushed
        KeyedModel dropped = live.rollback("k");

        assertTrue(dropped == model);
        assertArrayEquals(before, KeyedModelCodec.encode(live.get("k")));
        assertArrayEquals(before, KeyedModelCodec.encode(new ModelStore(kv, INTERVAL).get("k")));
    }

    private static KeyedModel newModel(ModelStore store, String key) {
        KeyedModel model = KeyedModel.create(key, LearnerSpec.classifier(3), List.of("a", "b", "c"),
                FeatureLayout.positional(DIMENSION), INTERVAL);
        store.create(model);
        store.flush();
        return model;
    }

    private static Example example(KeyedModel model, Random random) {
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
