package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.streams.KeyValue;

/**
 * The heap only caches models: with a cache of a few models and many keys interleaved, every prediction and
 * every stored model is bit for bit what an unbounded cache gives, whatever the key order, the cache size and
 * the snapshot boundaries.
 */
class ModelCacheProperties {

    @Property(tries = 15)
    void aBoundedCacheLearnsExactlyWhatAnUnboundedOneDoes(@ForAll @IntRange(min = 2, max = 40) int keys,
                                                          @ForAll @LongRange(min = 1, max = 60_000) long cacheBytes,
                                                          @ForAll @IntRange(min = 1, max = 5) int snapshotBlocks,
                                                          @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("model-cache");
        String interval = Integer.toString(snapshotBlocks * ModelStore.INTERVAL_ROUNDING);
        try (Harness bounded = new Harness(dir.resolve("bounded"), Harness.settings(
                StreamConfig.MODELS_CACHE_BYTES, Long.toString(cacheBytes), StreamConfig.SNAPSHOT_INTERVAL, interval));
             Harness unbounded = new Harness(dir.resolve("unbounded"), Harness.settings(
                StreamConfig.SNAPSHOT_INTERVAL, interval))) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 400; i++) {
                int k = random.nextInt(keys);
                double a = random.nextDouble(-1, 1);
                double b = random.nextDouble(-1, 1);
                String label = i % 7 == 6 ? "null" : (a + b * (k % 3 - 1) > 0 ? "1" : "0");
                String record = "{\"id\":\"" + i + "\",\"features\":[" + a + "," + b + "],\"label\":" + label
                        + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}";
                bounded.send("key-" + k, record);
                unbounded.send("key-" + k, record);
            }
            List<KeyValue<byte[], byte[]>> expected = unbounded.predictions.readKeyValuesToList();
            List<KeyValue<byte[], byte[]>> actual = bounded.predictions.readKeyValuesToList();
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(withoutLatency(expected.get(i).value), withoutLatency(actual.get(i).value));
            }
            for (int k = 0; k < keys; k++) {
                KeyedModel want = unbounded.storedModel("key-" + k);
                if (want != null) {
                    assertArrayEquals(KeyedModelCodec.encode(want),
                            KeyedModelCodec.encode(bounded.storedModel("key-" + k)), "key-" + k);
                }
            }
            if (cacheBytes < 20_000 && keys > 10) {
                assertTrue(bounded.cache.evictions() > 0, "a cache this small must have evicted");
            }
            assertTrue(bounded.cache.usedBytes() <= cacheBytes || bounded.cache.liveModels() == 1,
                    "over budget with more than the current model live");
        }
    }

    /** A prediction without its wall-clock latency (the one field two drivers may legitimately differ in). */
    private static String withoutLatency(byte[] value) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Harness.JSON.readTree(value);
            node.remove("latencyMs");
            return node.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
