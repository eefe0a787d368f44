package io.erstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology in a TopologyTestDriver, with JSON helpers; wall clock fixed so runs are reproducible. */
final class Harness implements AutoCloseable {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final StreamConfig config;
    final ModelViews views = new ModelViews();
    final ModelCache cache;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> examples;
    final TestInputTopic<byte[], byte[]> labels;
    final TestOutputTopic<byte[], byte[]> predictions;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<byte[], byte[]> metrics;
    final TestOutputTopic<byte[], byte[]> models;
    final TestOutputTopic<byte[], byte[]> drift;
    final TestOutputTopic<byte[], byte[]> changelog;
    /** Every {@link LearningEvents#drift} call, as "model/detector". */
    final List<String> driftCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every {@link LearningEvents#unlabelledExpired} call, by model key. */
    final List<String> unlabelledExpired = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every {@link LearningEvents#example} and {@link LearningEvents#update} call, by model key. */
    final List<String> examplesCounted = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> updatesCounted = new java.util.concurrent.CopyOnWriteArrayList<>();

    Harness(Path stateDir, Properties settings) {
        this(stateDir, settings, true);
    }

    Harness(Path stateDir, Properties settings, boolean persistent) {
        this(stateDir, settings, persistent, LearningFault.NONE);
    }

    /** A harness whose every learning step runs {@code fault} after the model changed (failure-handling tests). */
    Harness(Path stateDir, Properties settings, boolean persistent, LearningFault fault) {
        config = StreamConfig.fromProperties(settings, Map.of());
        cache = new ModelCache(config.modelsCacheBytes());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        LearningEvents events = new LearningEvents() {
            @Override
            public void drift(String model, String detector) {
                driftCalls.add(model + "/" + detector);
            }

            @Override
            public void unlabelledExpired(String model) {
                unlabelledExpired.add(model);
            }

            @Override
            public void example(String model) {
                examplesCounted.add(model);
            }

            @Override
            public void update(String model, long nanos, boolean refused) {
                updatesCounted.add(model);
            }
        };
        driver = new TopologyTestDriver(ErstreamTopology.build(config, views, events, persistent, fault, cache, config.loadWarmStart()), props,
                START);
        ByteArraySerializer out = new ByteArraySerializer();
        ByteArrayDeserializer in = new ByteArrayDeserializer();
        examples = driver.createInputTopic(config.examplesTopic(), out, out, START, java.time.Duration.ofMillis(1));
        labels = config.delayedLabels()
                ? driver.createInputTopic(config.labelsTopic(), out, out, START, java.time.Duration.ofMillis(1)) : null;
        predictions = driver.createOutputTopic(config.predictionsTopic(), in, in);
        deadLetters = driver.createOutputTopic(config.deadLettersTopic(), in, in);
        metrics = driver.createOutputTopic(config.metricsTopic(), in, in);
        models = driver.createOutputTopic(config.modelsTopic(), in, in);
        drift = driver.createOutputTopic(config.driftTopic(), in, in);
        changelog = driver.createOutputTopic(changelogTopic(), in, in);
    }

    static Properties settings(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    String changelogTopic() {
        return config.applicationId() + "-" + ModelStore.NAME + "-changelog";
    }

    void send(String key, String json) {
        examples.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(String key, byte[] value) {
        examples.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
    }

    void sendRaw(byte[] key, byte[] value) {
        examples.pipeInput(key, value);
    }

    List<JsonNode> predictions() {
        return read(predictions);
    }

    List<JsonNode> deadLetters() {
        return read(deadLetters);
    }

    List<JsonNode> metrics() {
        return read(metrics);
    }

    List<JsonNode> drifts() {
        return read(drift);
    }

    /** The last value per key written to the store's changelog: what a restore would load. */
    Map<Bytes, byte[]> changelogTable() {
        Map<Bytes, byte[]> table = new LinkedHashMap<>();
        for (KeyValue<byte[], byte[]> kv : changelog.readKeyValuesToList()) {
            if (kv.value == null) {
                table.remove(Bytes.wrap(kv.key));
            } else {
                table.put(Bytes.wrap(kv.key), kv.value);
            }
        }
        return table;
    }

    /** Fills this (fresh) driver's store as changelog restoration would. */
    void restore(Map<Bytes, byte[]> table) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ModelStore.NAME);
        table.forEach(store::put);
        changelog.readKeyValuesToList(); // those writes are not new changelog output of this run
    }

    /** The model as the store holds it (snapshot + journal), via an independent ModelStore. */
    KeyedModel storedModel(String key) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ModelStore.NAME);
        return new ModelStore(store, 0, config.loadWarmStart()).get(key);
    }

    static List<JsonNode> read(TestOutputTopic<byte[], byte[]> topic) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] value : topic.readValuesToList()) {
            try {
                out.add(JSON.readTree(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }
}
