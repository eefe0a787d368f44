package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The store is the only source of truth, whatever happens in between: for any sequence of records over a few keys
 * — learnt, failed half-way and rolled back, with the store reopened (a restart or a revived task) — under a cache
 * of any size and snapshot intervals that the sequences cross, every model read back (through the live store, or
 * by a fresh reader of the same state) is byte for byte the model learnt by the same records without any store.
 */
class ModelStoreStateProperties {

    private static final String[] KEYS = {"a", "b", "c", "d", "e"};

    @Property(tries = 60)
    void everyModelReadBackEqualsTheModelLearntWithoutAStore(@ForAll("runs") ActionChain<World> run) {
        run.withInvariant(World::storedEqualsReference).run();
    }

    @Provide
    Arbitrary<ActionChain<World>> runs() {
        Arbitrary<Long> cacheBytes = Arbitraries.longs().between(1, 40_000);
        Arbitrary<Integer> interval = Arbitraries.of(16, 32, 48);
        return net.jqwik.api.Combinators.combine(cacheBytes, interval).flatAs((bytes, s) -> ActionChain
                .startWith(() -> new World(bytes, s))
                .withAction(6, new Learn())
                .withAction(1, new FailHalfWay())
                .withAction(1, new Reopen())
                .withMaxTransformations(120));
    }

    /** The store under test, its key-value state, and the models learnt from the same records without a store. */
    static final class World {
        final KeyValueStore<Bytes, byte[]> kv;
        final long cacheBytes;
        final int interval;
        final Map<String, KeyedModel> reference = new TreeMap<>();
        ModelStore store;

        World(long cacheBytes, int interval) {
            this.kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"), Serdes.Bytes(),
                    Serdes.ByteArray()).withLoggingDisabled().build();
            kv.init(new MockProcessorContext<>().getStateStoreContext(), kv);
            this.cacheBytes = cacheBytes;
            this.interval = interval;
            reopen();
        }

        void reopen() {
            store = new ModelStore(kv, interval, null, LearningFault.NONE, new ModelCache(cacheBytes));
        }

        /** The record's model in the store under test, created (and held) if the key has none. */
        KeyedModel model(String key) {
            KeyedModel model = store.get(key);
            if (model == null) {
                model = ModelStoreTest.unstoredModel(key, interval);
                store.create(model);
            }
            return model;
        }

        void storedEqualsReference() {
            ModelStore reader = new ModelStore(kv, interval);
            for (String key : KEYS) {
                KeyedModel expected = reference.get(key);
                if (expected == null) {
                    assertNull(reader.get(key), key);
                    continue;
                }
                byte[] bytes = KeyedModelCodec.encode(expected);
                assertArrayEquals(bytes, KeyedModelCodec.encode(reader.get(key)), "read by a fresh reader: " + key);
                assertArrayEquals(bytes, KeyedModelCodec.encode(store.get(key)), "read through the store: " + key);
            }
        }
    }

    /** A labelled record of one key that succeeds: learnt and flushed; the reference learns it too. */
    static final class Learn implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.of(KEYS).flatMap(key -> Arbitraries.longs().map(seed -> Transformer.mutate(
                    "learn " + key + " #" + seed, world -> {
                        KeyedModel model = world.model(key);
                        world.store.learn(model, ModelStoreTest.example(model, new Random(seed)));
                        world.store.flush();
                        KeyedModel expected = world.reference.computeIfAbsent(key,
                                k -> ModelStoreTest.unstoredModel(k, world.interval));
                        expected.testThenTrain(ModelStoreTest.example(expected, new Random(seed)));
                    })));
        }
    }

    /** A record that fails after learning in memory: rolled back, so neither store nor reference changes. */
    static final class FailHalfWay implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.of(KEYS).flatMap(key -> Arbitraries.longs().map(seed -> Transformer.mutate(
                    "fail " + key + " #" + seed, world -> {
                        KeyedModel model = world.model(key);
                        world.store.learn(model, ModelStoreTest.example(model, new Random(seed)));
                        world.store.rollback(key);
                    })));
        }
    }

    /** The task is closed and opened again on the same state: nothing live survives. */
    static final class Reopen implements Action.Independent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer() {
            return Arbitraries.just(Transformer.mutate("reopen", World::reopen));
        }
    }
}
