package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /models/{key}} tells an operator which detector watches a model, its policy, and how often it fired. */
class ModelsSummaryDriftTest {

    @TempDir
    Path state;

    @Test
    void theSummaryNamesTheDetectorAndPolicyAndCountsDrifts() {
        Properties settings = new Properties();
        settings.setProperty(StreamConfig.DRIFT_DETECTOR, "ddm");
        settings.setProperty(StreamConfig.DRIFT_POLICY, "reset-model");
        StreamConfig config = StreamConfig.fromProperties(settings, Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        ModelViews views = new ModelViews();
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(ErstreamTopology.build(config, views), props, start)) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> examples = driver.createInputTopic(config.examplesTopic(), bytes, bytes);
            Random random = new Random(3);
            for (int i = 0; i < 2000; i++) {
                double x = random.nextGaussian();
                double y = random.nextGaussian();
                int label = (x - y > 0) == (i < 1000) ? 1 : 0; // the concept flips at record 1000
                String json = "{\"id\":\"r" + i + "\",\"features\":[" + x + "," + y + "],\"label\":" + label + "}";
                examples.pipeInput("m".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));

            ObjectNode summary = ModelsApi.summary(views.get("m").orElseThrow());

            assertEquals("ddm", summary.get("detector").asText());
            assertEquals("reset-model", summary.get("driftPolicy").asText());
            assertEquals(1, summary.get("driftDetections").asLong(), summary.toString());
            assertEquals(2000, summary.get("version").asLong(), "a reset model keeps counting versions");
        }
    }
}
