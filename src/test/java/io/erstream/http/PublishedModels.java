package io.erstream.http;

import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
        StreamConfig config = StreamConfig.fromProperties(new Properties(), Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ErstreamTopology.build(config, views), props,
                Instant.parse("2025-01-01T00:00:00Z"));
        ByteArraySerializer bytes = new ByteArraySerializer();
        TestInputTopic<byte[], byte[]> examples = driver.createInputTopic(config.examplesTopic(), bytes, bytes);
        for (String key : keys) {
            examples.pipeInput(key.getBytes(StandardCharsets.UTF_8),
                    "{\"id\":\"r0\",\"features\":[1.0,2.0],\"label\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        driver.close();
    }
}
