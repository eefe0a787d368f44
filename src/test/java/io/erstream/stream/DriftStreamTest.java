package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.OnlineReflection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concept drift in the running stream: the default detector (HDDM-A) reports an abrupt concept flip once, soon
 * after it happens, on the drift topic; a stationary stream reports nothing; the counts reach the metrics and the
 * model view.
 */
class DriftStreamTest {

    static final int FLIP = 1000;
    static final int TOTAL = 2000;
    /** How many records after the flip a detection still counts as "soon". */
    static final int SOON = 100;

    @TempDir
    Path dir;

    @Test
    void anAbruptConceptFlipProducesExactlyOneDriftEventSoonAfterTheFlip() {
        try (Harness h = new Harness(dir, Harness.settings())) {
            concept(TOTAL, FLIP).forEach(r -> h.send("m", r));
            List<JsonNode> drifts = level(h.drifts(), "drift");

            assertEquals(1, drifts.size(), "drift events: " + drifts);
            JsonNode event = drifts.get(0);
            long offset = event.get("sourceOffset").asLong();
            assertTrue(offset >= FLIP && offset < FLIP + SOON, "detected at offset " + offset);
            assertEquals("m", event.get("model").asText());
            assertEquals("hddm-bernstein", event.get("detector").asText());
            assertEquals("reset-covariance", event.get("action").asText());
            assertEquals(offset + 1, event.get("modelVersion").asLong(), "the version after learning that record");
            assertEquals(1_700_000_000_000L + offset, event.get("timestamp").asLong(), "the record's event time");
            assertEquals(List.of("m/hddm-bernstein"), h.driftCalls);
        }
    }

    @Test
    void unlabelledRecordsNeitherFeedTheDetectorNorRepeatAnEvent() {
        try (Harness h = new Harness(dir, Harness.settings())) {
            for (String labelled : concept(TOTAL, FLIP)) {
                h.send("m", labelled);
                h.send("m", "{\"id\":\"u\",\"features\":[0.5,-0.5,0.25]}");
            }
            assertEquals(1, h.drifts().stream().filter(e -> e.get("level").asText().equals("drift")).count());
            assertEquals(1, h.storedModel("m").driftDetections());
        }
    }

    @Test
    void aStationaryStreamProducesNoDriftEvent() {
        try (Harness h = new Harness(dir, Harness.settings())) {
            concept(TOTAL, Integer.MAX_VALUE).forEach(r -> h.send("m", r));
            assertEquals(List.of(), level(h.drifts(), "drift"));
            assertEquals(List.of(), h.driftCalls);
            assertEquals(0, h.storedModel("m").driftDetections());
        }
    }

    @Test
    void driftCountsReachTheMetricsAndTheModelView() {
        try (Harness h = new Harness(dir, Harness.settings(StreamConfig.METRICS_INTERVAL_MS, "100"))) {
            concept(TOTAL, FLIP).forEach(r -> h.send("m", r));
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            List<JsonNode> metrics = h.metrics();
            assertEquals(1, metrics.get(metrics.size() - 1).get("driftDetections").asLong());
            ModelView view = h.views.get("m").orElseThrow();
            assertEquals(1, view.driftDetections());
            assertEquals("hddm-bernstein", view.detector());
            assertEquals("reset-covariance", view.driftPolicy());
        }
    }

    @Test
    void policyNoneDetectsButLearnsExactlyAsPlainLearningWould() {
        try (Harness h = new Harness(dir, Harness.settings(StreamConfig.DRIFT_POLICY, "none"))) {
            concept(TOTAL, FLIP).forEach(r -> h.send("m", r));
            List<JsonNode> drifts = level(h.drifts(), "drift");
            assertEquals(1, drifts.size(), "drift events: " + drifts);
            assertEquals("none", drifts.get(0).get("action").asText());

            OnlineReflection plain = new OnlineReflection(h.config.learnerSpec(), 3);
            Random random = new Random(7);
            for (int i = 0; i < TOTAL; i++) {
                double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                plain.learnOne(x, label(x, i, FLIP));
            }
            assertArrayEquals(ModelCodec.encode(plain), ModelCodec.encode(h.storedModel("m").learner()));
        }
    }

    @Test
    void withoutADetectorThereAreNoEventsAndNoCounts() {
        try (Harness h = new Harness(dir, Harness.settings(StreamConfig.DRIFT_DETECTOR, "none"))) {
            concept(TOTAL, FLIP).forEach(r -> h.send("m", r));
            assertEquals(List.of(), h.drifts());
            assertEquals("none", h.storedModel("m").detectorName());
        }
    }

    @Test
    void regressorsGetNoDetector() {
        try (Harness h = new Harness(dir, Harness.settings(StreamConfig.MODEL_KIND, "regressor"))) {
            h.send("r", "{\"id\":\"a\",\"features\":[1,2],\"label\":1.5}");
            assertEquals(List.of(), h.deadLetters());
            assertEquals("none", h.storedModel("r").detectorName());
        }
    }

    static List<JsonNode> level(List<JsonNode> events, String level) {
        return events.stream().filter(e -> e.get("level").asText().equals(level)).toList();
    }

    /** Labelled records of a linear concept whose labels flip (0 ↔ 1) from record {@code flip} on. */
    static List<String> concept(int n, int flip) {
        Random random = new Random(7);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            out.add("{\"id\":\"r" + i + "\",\"features\":[" + x[0] + "," + x[1] + "," + x[2] + "],\"label\":"
                    + label(x, i, flip) + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}");
        }
        return out;
    }

    static int label(double[] x, int i, int flip) {
        int before = x[0] + 0.5 * x[1] - x[2] > 0 ? 1 : 0;
        return i < flip ? before : 1 - before;
    }
}
