package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.WarmStartFixture;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelView;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /models/{key}} and {@code /predict} for a key warm-started from a multilayer model. */
class ModelsSummaryWarmStartTest {

    @TempDir
    Path state;

    @Test
    void theSummaryNamesTheWarmStartItsInputsAndHiddenWidthAndPredictServesThroughTheHiddenLayer()
            throws IOException {
        WarmStartFixture fixture = WarmStartFixture.small();
        Path file = state.resolve("blobs.warm");
        Files.write(file, ModelCodec.encode(fixture.warmStart));
        Properties settings = new Properties();
        settings.setProperty(StreamConfig.MODEL_LABELS, "0,1,2");
        settings.setProperty(StreamConfig.MODEL_WARM_START, file.toString());
        StreamConfig config = StreamConfig.fromProperties(settings, Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve("streams").toString());
        ModelViews views = new ModelViews();
        try (TopologyTestDriver driver = new TopologyTestDriver(ErstreamTopology.build(config, views), props,
                Instant.parse("2025-01-01T00:00:00Z"))) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> examples = driver.createInputTopic(config.examplesTopic(), bytes, bytes);
            double[] x = fixture.x[0];
            String json = "{\"id\":\"r0\",\"features\":[" + x[0] + "," + x[1] + "," + x[2] + "," + x[3]
                    + "],\"label\":null}";
            examples.pipeInput("m".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
            driver.advanceWallClockTime(Duration.ofSeconds(1));

            ModelView view = views.get("m").orElseThrow();
            ObjectNode summary = ModelsApi.summary(view);
            assertEquals("warm-start", summary.get("model").asText());
            assertEquals(4, summary.get("features").asInt());
            assertEquals(16, summary.get("hidden").asInt());
            assertEquals(3, summary.get("weights").size(), "one row per class");
            assertEquals(17, summary.get("weights").get(0).size(), "bias and one weight per hidden unit");

            ObjectNode prediction = ModelsApi.prediction(view, x);
            assertEquals(Integer.toString(fixture.model.predictClass(x)), prediction.get("prediction").asText());
        }
    }
}
