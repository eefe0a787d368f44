package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor topology answers every example once and keeps one value per key, whatever a bad example holds. */
class FloorTopologyTest {

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> examples;
    private TestOutputTopic<byte[], byte[]> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        start(true);
    }

    private void start(boolean reads) {
        StreamConfig config = StreamConfig.fromProperties(new Properties(), Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FloorTopology.build(config, reads), props, Harness.START);
        ByteArraySerializer out = new ByteArraySerializer();
        ByteArrayDeserializer in = new ByteArrayDeserializer();
        examples = driver.createInputTopic(config.examplesTopic(), out, out);
        predictions = driver.createOutputTopic(config.predictionsTopic(), in, in);
        deadLetters = driver.createOutputTopic(config.deadLettersTopic(), in, in);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachExampleYieldsOnePrediction() {
        send("a", "{\"id\":\"e1\",\"features\":[1,2],\"label\":1}");
        send("b", "{\"id\":\"e2\",\"features\":[3,4],\"label\":0}");
        send("a", "{\"id\":\"e3\",\"features\":[5,6],\"label\":1}");

        List<JsonNode> answers = Harness.read(predictions);
        assertEquals(List.of("e1", "e2", "e3"), answers.stream().map(p -> p.get("id").asText()).toList());
        assertEquals(List.of("a", "b", "a"), answers.stream().map(p -> p.get("model").asText()).toList());
    }

    @Test
    void theStoreHoldsOneValuePerKeyWithItsCountOfExamples() {
        send("a", "{\"id\":\"e1\",\"features\":[1,2],\"label\":1}");
        send("b", "{\"id\":\"e2\",\"features\":[3,4],\"label\":0}");
        send("a", "{\"id\":\"e3\",\"features\":[5,6],\"label\":1}");

        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ModelStore.NAME);
        assertEquals(2, entries(store));
        assertEquals(2, count(store, "a"));
        assertEquals(1, count(store, "b"));
        assertEquals(1 + JournalBlock.entrySize(2) + 4, store.get(key("a")).length, "one journal entry's bytes");
    }

    @Test
    void withoutReadsEachExamplePutsBlind() {
        driver.close();
        start(false);
        send("a", "{\"id\":\"e1\",\"features\":[1,2],\"label\":1}");
        send("a", "{\"id\":\"e2\",\"features\":[3,4],\"label\":0}");

        assertEquals(2, Harness.read(predictions).size());
        assertEquals(1, count(driver.getKeyValueStore(ModelStore.NAME), "a"), "the count of a put made blind");
    }

    @Test
    void aMalformedExampleIsDeadLetteredAndTheNextIsAnswered() {
        send("a", "{\"id\":\"bad\",\"features\":[1,2");
        send("a", "{\"id\":\"next\",\"features\":[1,2],\"label\":1}");

        assertEquals("malformed-json", Harness.read(deadLetters).get(0).get("reason").asText());
        assertEquals("next", Harness.read(predictions).get(0).get("id").asText());
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ModelStore.NAME);
        assertEquals(1, count(store, "a"), "the bad example is not counted");
    }

    private void send(String key, String json) {
        examples.pipeInput(key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static Bytes key(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static long count(KeyValueStore<Bytes, byte[]> store, String key) {
        byte[] value = store.get(key(key));
        assertNotNull(value, "no value for " + key);
        return ByteBuffer.wrap(value).getLong();
    }

    private static int entries(KeyValueStore<Bytes, byte[]> store) {
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            for (; all.hasNext(); all.next()) {
                n++;
            }
        }
        return n;
    }
}
