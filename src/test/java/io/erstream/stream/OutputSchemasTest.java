package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the topology actually writes conforms to the schemas declared in topics/: the contract users code to. */
class OutputSchemasTest {

    @TempDir
    Path state;

    @Test
    void predictionsDeadLettersAndMetricsMatchTheirSchemas() throws IOException {
        try (Harness h = new Harness(state, Harness.settings(StreamConfig.METRICS_INTERVAL_MS, "100"))) {
            h.send("m", "{\"id\":\"a\",\"features\":[1,2],\"label\":1,\"timestamp\":1700000000000}");
            h.send("m", "{\"id\":\"b\",\"features\":[2,1],\"label\":0}");
            h.send("m", "{\"id\":\"c\",\"features\":[2,2]}");
            h.send("m", "{\"id\":\"d\",\"features\":[2]}");
            h.send("m", "not json");
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertAllValid(TopicCatalog.PREDICTIONS, h.predictions(), 3);
            assertAllValid(TopicCatalog.DEAD_LETTERS, h.deadLetters(), 2);
            assertAllValid(TopicCatalog.METRICS, h.metrics(), 1);
        }
    }

    @Test
    void driftWarningsAndDetectionsMatchTheirSchema() throws IOException {
        try (Harness h = new Harness(state, Harness.settings())) {
            DriftStreamTest.concept(DriftStreamTest.TOTAL, DriftStreamTest.FLIP).forEach(r -> h.send("m", r));
            List<JsonNode> drifts = h.drifts();
            assertAllValid(TopicCatalog.DRIFT, drifts, 1);
            assertFalse(DriftStreamTest.level(drifts, "drift").isEmpty(), "a drift (not only warnings): " + drifts);
        }
    }

    @Test
    void regressionPredictionsAndMetricsMatchTheirSchemas() throws IOException {
        try (Harness h = new Harness(state, Harness.settings(StreamConfig.MODEL_KIND, "regressor",
                StreamConfig.METRICS_INTERVAL_MS, "100"))) {
            h.send("r", "{\"id\":\"a\",\"features\":{\"x\":1,\"y\":2},\"label\":1.5}");
            h.send("r", "{\"id\":\"b\",\"features\":{\"y\":1,\"x\":2},\"label\":-0.5}");
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertAllValid(TopicCatalog.PREDICTIONS, h.predictions(), 2);
            assertAllValid(TopicCatalog.METRICS, h.metrics(), 1);
        }
    }

    private static void assertAllValid(String topic, List<JsonNode> values, int atLeast) throws IOException {
        assertFalse(values.size() < atLeast, topic + ": expected at least " + atLeast + " records, got " + values);
        JsonNode schema = schema(topic);
        for (JsonNode value : values) {
            assertEquals(List.of(), SchemaSubsetValidator.validate(schema, value), topic + ": " + value);
        }
    }

    private static JsonNode schema(String topic) throws IOException {
        try (InputStream in = OutputSchemasTest.class.getResourceAsStream("/topics/schemas/" + topic
                + ".schema.json")) {
            return Harness.JSON.readTree(in);
        }
    }
}
