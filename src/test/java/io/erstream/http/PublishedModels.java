package io.erstream.http;

import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelStore;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import io.erstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Real models in real {@link ModelViews}: the topology learns one labelled example per key in a
 * TopologyTestDriver, which stays open (closing it would unpublish the models, as a task moving away does).
 */
final class PublishedModels implements AutoCloseable {

    final ModelViews views = new ModelViews();
    private final TopologyTestDriver driver;

    PublishedModels(Path stateDir, String... keys) {
        this(stateDir, new Properties(), keys);
    }

    /** As above, with erstream settings (e.g. a cache so small that published models are evicted again). */
    PublishedModels(Path stateDir, Properties settings, String... keys) {
        this(stateDir, settings, List.of("{\"id\":\"r0\",\"features\":[1.0,2.0],\"label\":\"1\"}"), keys);
    }

    /** As above, each key learning {@code records} (JSON values of erstream.examples) in order. */
    PublishedModels(Path stateDir, Properties settings, List<String> records, String... keys) {
        StreamConfig config = StreamConfig.fromProperties(settings, Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ErstreamTopology.build(config, views), props,
                Instant.parse("2025-01-01T00:00:00Z"));
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> examples = driver.createInputTopic(config.examplesTopic(), bytes, bytes);
        for (String key : keys) {
            for (String record : records) {
                examples.pipeInput(key.getBytes(StandardCharsets.UTF_8), record.getBytes(StandardCharsets.UTF_8));
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    /** The models in the driver's store, read as the HTTP API reads them in production. */
    StoredModels stored() {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = store();
        return new StoredModels(() -> store, () -> List.of(store), null);
    }

    /** The driver's model store. */
    ReadOnlyKeyValueStore<Bytes, byte[]> store() {
        return driver.getKeyValueStore(ModelStore.NAME);
    }

    @Override
    public void close() {
        driver.close();
    }
}
