package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.utils.Bytes;

/**
 * Encoding state (fields, vocabulary, running means, indicators, names) changes only in the learning step, from
 * what the journal holds: whatever the records, the vocabulary cap, the reserve, the snapshot interval, the cache
 * size and the point of a restart, every model restored from the changelog and reloaded after evictions is byte
 * for byte the model of an uninterrupted run with every model in memory.
 */
class EventFeaturesProperties {

    private static final String[] KEYS = {"k0", "k1", "k2"};

    @Property(tries = 12)
    void restoredAndEvictedEncodedModelsEqualTheUninterruptedOnes(@ForAll long seed,
                                                                  @ForAll @IntRange(min = 0, max = 299) int restartAt,
                                                                  @ForAll @IntRange(min = 1, max = 3) int snapshotBlocks,
                                                                  @ForAll @IntRange(min = 1, max = 6) int categories,
                                                                  @ForAll @IntRange(min = 0, max = 6) int reserve,
                                                                  @ForAll boolean hashing,
                                                                  @ForAll @LongRange(min = 1, max = 40_000)
                                                                  long cacheBytes) throws IOException {
        List<String> input = EventRecords.of(300, seed);
        Path dir = Files.createTempDirectory("event-features");
        String interval = Integer.toString(snapshotBlocks * ModelStore.INTERVAL_ROUNDING);
        Properties bounded = Harness.settings(StreamConfig.SNAPSHOT_INTERVAL, interval,
                StreamConfig.FEATURES_CATEGORIES_MAX, Integer.toString(categories),
                StreamConfig.FEATURES_RESERVE, Integer.toString(reserve),
                StreamConfig.FEATURES_STRINGS, hashing ? "hashing" : "vocabulary",
                StreamConfig.MODELS_CACHE_BYTES, Long.toString(cacheBytes));
        Properties unbounded = new Properties();
        unbounded.putAll(bounded);
        unbounded.remove(StreamConfig.MODELS_CACHE_BYTES);

        Map<Bytes, byte[]> changelog;
        try (Harness first = new Harness(dir.resolve("first"), bounded)) {
            send(first, input, 0, restartAt);
            changelog = first.changelogTable();
        }
        try (Harness second = new Harness(dir.resolve("second"), bounded);
             Harness once = new Harness(dir.resolve("once"), unbounded)) {
            second.restore(changelog);
            send(second, input, restartAt, input.size());
            send(once, input, 0, input.size());
            assertEquals(List.of(), second.deadLetters());
            for (String key : KEYS) {
                assertArrayEquals(KeyedModelCodec.encode(once.storedModel(key)),
                        KeyedModelCodec.encode(second.storedModel(key)), key);
            }
        }
    }

    private static void send(Harness harness, List<String> input, int from, int to) {
        for (int i = from; i < to; i++) {
            harness.send(KEYS[i % KEYS.length], input.get(i));
        }
    }
}
