package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle models end: a model not updated for erstream.model.ttl.ms (by record time) is deleted from the store, with
 * a tombstone on erstream.models and an event on erstream.model-events, and the same input deletes the same
 * models, however the run is interrupted.
 */
class ModelTtlTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long TTL = 60_000;

    @TempDir
    Path state;

    private Harness harness(String name) {
        return new Harness(state.resolve(name), Harness.settings(StreamConfig.MODEL_TTL_MS, Long.toString(TTL)));
    }

    /** A labelled record whose record timestamp and event time are both {@code at}. */
    private static void send(Harness h, String key, int i, long at) {
        h.examples.pipeInput(key.getBytes(StandardCharsets.UTF_8), ("{\"id\":\"" + i + "\",\"features\":[" + (i % 5)
                + "," + (i % 3) + "],\"label\":" + (i % 2) + ",\"timestamp\":" + at + "}")
                .getBytes(StandardCharsets.UTF_8), at);
    }

    @Test
    void aKeyIdlePastTheTtlIsGoneFromTheStoreWithATombstoneAndAnEvent() {
        try (Harness h = harness("idle")) {
            TestOutputTopic<byte[], byte[]> events = events(h);
            send(h, "idle", 0, T0);
            for (int i = 1; i <= 40; i++) {
                send(h, "busy", i, T0 + i * 5_000L); // stream time passes 2 × TTL; "busy" keeps learning
            }
            assertNull(h.storedModel("idle"));
            assertNotNull(h.storedModel("busy"));
            assertTrue(h.changelogTable().keySet().stream().noneMatch(k -> new String(k.get(),
                    StandardCharsets.ISO_8859_1).contains("idle")), "every entry of the idle model is deleted");
            List<KeyValue<byte[], byte[]>> tombstones = h.models.readKeyValuesToList().stream()
                    .filter(kv -> kv.value == null).toList();
            assertEquals(1, tombstones.size());
            assertArrayEquals("idle".getBytes(StandardCharsets.UTF_8), tombstones.get(0).key);
            List<JsonNode> expired = Harness.read(events);
            assertEquals(1, expired.size());
            assertEquals("idle", expired.get(0).get("model").asText());
            assertEquals(TTL, expired.get(0).get("ttlMs").asLong());
            assertEquals(List.of(), SchemaSubsetValidator.validate(TopicSchemasTest.schema(TopicCatalog.MODEL_EVENTS),
                    expired.get(0)));
        }
    }

    @Test
    void aRecordOfAnExpiredKeyStartsANewModel() {
        try (Harness h = harness("restart")) {
            send(h, "k", 0, T0);
            send(h, "k", 1, T0 + 1_000);
            assertEquals(2, h.storedModel("k").sequence());
            send(h, "k", 2, T0 + 1_000 + TTL); // before any sweep could run: the record itself finds it expired
            assertEquals(1, h.storedModel("k").sequence());
            assertEquals(1, Harness.read(events(h)).size());
        }
    }

    @Test
    void aModelUpdatedWithinTheTtlStays() {
        try (Harness h = harness("stays")) {
            for (int i = 0; i < 30; i++) {
                send(h, "k", i, T0 + i * (TTL / 2));
            }
            assertEquals(30, h.storedModel("k").sequence());
            assertTrue(Harness.read(events(h)).isEmpty());
        }
    }

    @Test
    void theSameInputDeletesTheSameModelsWithOrWithoutARestartInBetween() {
        List<long[]> input = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        long at = T0;
        for (int i = 0; i < 400; i++) {
            at += random.nextInt(4_000);
            input.add(new long[] {random.nextInt(12), at});
        }
        Map<Bytes, byte[]> uninterrupted;
        List<JsonNode> uninterruptedEvents;
        try (Harness h = harness("once")) {
            TestOutputTopic<byte[], byte[]> events = events(h);
            for (int i = 0; i < input.size(); i++) {
                send(h, "key-" + input.get(i)[0], i, input.get(i)[1]);
            }
            uninterrupted = h.changelogTable();
            uninterruptedEvents = Harness.read(events);
        }
        try (Harness first = harness("first")) {
            for (int i = 0; i < 173; i++) {
                send(first, "key-" + input.get(i)[0], i, input.get(i)[1]);
            }
            Map<Bytes, byte[]> table = first.changelogTable();
            try (Harness second = harness("second")) {
                second.restore(table); // a restart from the changelog: the sweeps run at other stream times now
                for (int i = 173; i < input.size(); i++) {
                    send(second, "key-" + input.get(i)[0], i, input.get(i)[1]);
                }
                for (int k = 0; k < 12; k++) {
                    KeyedModel a = storedIn(uninterrupted, "key-" + k);
                    KeyedModel b = second.storedModel("key-" + k);
                    assertEquals(a == null, b == null, "key-" + k);
                    if (a != null) {
                        assertArrayEquals(KeyedModelCodec.encode(a), KeyedModelCodec.encode(b), "key-" + k);
                    }
                }
            }
        }
        assertTrue(uninterruptedEvents.size() > 3, "the input lets models expire: " + uninterruptedEvents.size());
    }

    private KeyedModel storedIn(Map<Bytes, byte[]> table, String key) {
        try (Harness reader = new Harness(state.resolve("reader-" + key), Harness.settings())) {
            reader.restore(table);
            return reader.storedModel(key);
        }
    }

    private static TestOutputTopic<byte[], byte[]> events(Harness h) {
        return h.driver.createOutputTopic(h.config.modelEventsTopic(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }
}
