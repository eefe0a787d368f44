package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.OnlineReflection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to a record: predicted before learned from, per key, unlabelled records only scored. */
class LearnProcessorTest {

    @TempDir
    Path stateDir;
    private Harness h;

    @BeforeEach
    void start() {
        h = new Harness(stateDir, Harness.settings());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void theFirstPredictionIsThatOfAnUntrainedModel() {
        h.send("m", "{\"id\":\"a\",\"features\":[1.0,2.0],\"label\":1}");

        JsonNode p = h.predictions().get(0);
        assertEquals("a", p.get("id").asText());
        assertEquals("m", p.get("model").asText());
        assertEquals(0.5, p.get("probabilities").get("0").asDouble());
        assertEquals(0.5, p.get("probabilities").get("1").asDouble());
        assertEquals(1, p.get("label").asInt());
        assertEquals(0, p.get("modelVersion").asLong());
        assertEquals(0, p.get("sourceOffset").asLong());
        assertEquals(0, p.get("sourcePartition").asInt());
    }

    @Test
    void eachPredictionIsMadeBeforeLearningFromItsRecord() {
        double[][] xs = {{1.0, 2.0}, {-1.0, 0.5}, {0.3, -2.0}};
        int[] labels = {1, 0, 1};
        for (int i = 0; i < xs.length; i++) {
            h.send("m", "{\"id\":\"" + i + "\",\"features\":[" + xs[i][0] + "," + xs[i][1] + "],\"label\":"
                    + labels[i] + "}");
        }

        OnlineReflection oracle = new OnlineReflection(h.config.learnerSpec(), 2);
        List<JsonNode> predictions = h.predictions();
        for (int i = 0; i < xs.length; i++) {
            double[] expected = new double[2];
            oracle.predictProba(xs[i], expected);
            JsonNode p = predictions.get(i);
            assertEquals(i, p.get("modelVersion").asLong());
            assertEquals(expected[1], p.get("probabilities").get("1").asDouble(), 0.0, "record " + i);
            oracle.learnOne(xs[i], labels[i]);
        }
        assertArrayEquals(ModelCodec.encode(oracle), ModelCodec.encode(h.storedModel("m").learner()));
    }

    @Test
    void unlabelledRecordsAreScoredButNotLearned() {
        h.send("m", "{\"id\":\"1\",\"features\":[1,2],\"label\":1}");
        h.send("m", "{\"id\":\"2\",\"features\":[2,1],\"label\":0}");
        h.send("m", "{\"id\":\"3\",\"features\":[1,1]}");
        h.send("m", "{\"id\":\"4\",\"features\":[1,1],\"label\":null}");
        h.send("m", "{\"id\":\"5\",\"features\":[1,1],\"label\":1}");

        List<JsonNode> p = h.predictions();
        assertEquals(2, p.get(2).get("modelVersion").asLong());
        assertEquals(2, p.get(3).get("modelVersion").asLong());
        assertEquals(2, p.get(4).get("modelVersion").asLong());
        assertFalse(p.get(2).has("label"));
        assertEquals(p.get(2).get("probabilities"), p.get(3).get("probabilities"));
        assertEquals(3, h.storedModel("m").sequence());
    }

    @Test
    void eachKeyLearnsItsOwnModel() {
        for (int i = 0; i < 10; i++) {
            h.send("a", "{\"id\":\"" + i + "\",\"features\":[" + i + ",1],\"label\":" + (i % 2) + "}");
        }
        h.send("b", "{\"id\":\"b0\",\"features\":[3,1],\"label\":1}");

        JsonNode first = h.predictions().get(10);
        assertEquals("b", first.get("model").asText());
        assertEquals(0, first.get("modelVersion").asLong());
        assertEquals(0.5, first.get("probabilities").get("1").asDouble());
        assertEquals(10, h.storedModel("a").sequence());
        assertEquals(1, h.storedModel("b").sequence());
    }

    @Test
    void aRegressorPredictsAValueAndLearnsTheTarget() {
        try (Harness r = new Harness(stateDir.resolve("r"), Harness.settings(StreamConfig.MODEL_KIND, "regressor"))) {
            r.send("m", "{\"id\":\"1\",\"features\":[1,2],\"label\":3.5}");
            r.send("m", "{\"id\":\"2\",\"features\":[1,2],\"label\":3.5}");
            List<JsonNode> p = r.predictions();
            assertEquals(0.0, p.get(0).get("value").asDouble());
            assertEquals(3.5, p.get(0).get("label").asDouble());
            assertFalse(p.get(0).has("probabilities"));
            assertNotEquals(0.0, p.get(1).get("value").asDouble());
            assertEquals(1, p.get(1).get("modelVersion").asLong());
        }
    }

    @Test
    void namedFeaturesKeepTheFirstRecordsOrderWhateverOrderLaterRecordsUse() {
        h.send("n", "{\"id\":\"1\",\"features\":{\"b\":2,\"a\":1},\"label\":1}");
        h.send("n", "{\"id\":\"2\",\"features\":{\"a\":-1,\"b\":0.5},\"label\":0}");
        h.send("m", "{\"id\":\"1\",\"features\":{\"b\":2,\"a\":1},\"label\":1}");
        h.send("m", "{\"id\":\"2\",\"features\":{\"b\":0.5,\"a\":-1},\"label\":0}");

        KeyedModel stored = h.storedModel("n");
        assertEquals(List.of("b", "a"), stored.layout().encoder().describe().stream().map(EncodedInput::field).toList());
        assertArrayEquals(ModelCodec.encode(h.storedModel("m").learner()), ModelCodec.encode(stored.learner()));
    }

    @Test
    void metricsAreEmittedPeriodicallyForModelsThatChanged() {
        h.send("a", "{\"id\":\"1\",\"features\":[1,2],\"label\":1}");
        h.send("a", "{\"id\":\"2\",\"features\":[1,2],\"label\":1}");
        h.driver.advanceWallClockTime(h.config.metricsInterval());
        List<JsonNode> first = h.metrics();
        h.driver.advanceWallClockTime(h.config.metricsInterval());

        assertEquals(1, first.size());
        JsonNode m = first.get(0);
        assertEquals("a", m.get("model").asText());
        assertEquals(2, m.get("examples").asLong());
        assertEquals(2, m.get("modelVersion").asLong());
        assertEquals(0, m.get("updatesRefused").asLong());
        assertEquals(0, m.get("driftDetections").asLong());
        assertTrue(m.get("accuracy").asDouble() >= 0 && m.get("accuracy").asDouble() <= 1);
        assertTrue(m.get("logLoss").asDouble() > 0);
        assertTrue(h.metrics().isEmpty(), "nothing changed since the last emission");
    }

    @Test
    void modelViewsArePublishedForQueriesAndPredictLikeTheModel() {
        h.send("a", "{\"id\":\"1\",\"features\":[1,2],\"label\":1}");
        h.send("a", "{\"id\":\"2\",\"features\":[-1,2],\"label\":0}");
        assertTrue(h.views.get("a").isEmpty(), "not before the refresh");
        h.driver.advanceWallClockTime(ModelViews.REFRESH);

        ModelView view = h.views.get("a").orElseThrow();
        assertEquals(2, view.version());
        assertEquals(2, view.dimension());
        assertEquals(List.of("0", "1"), view.classes());
        double[] expected = new double[2];
        h.storedModel("a").learner().predictProba(new double[] {0.5, 0.5}, expected);
        assertArrayEquals(expected, view.predictProba(new double[] {0.5, 0.5}));
    }

    @Test
    void viewsAreKeptForTheFirstModelsToChangeUpToTheBoundAndTheRestAreReadFromTheStore() {
        int keys = ModelViews.MAX_VIEWS + 5;
        for (int k = 0; k < keys; k++) {
            h.send("k" + k, "{\"id\":\"" + k + "\",\"features\":[1,2],\"label\":1}");
        }
        h.driver.advanceWallClockTime(ModelViews.REFRESH);

        assertEquals(ModelViews.MAX_VIEWS, h.views.all().size());
        assertTrue(h.views.get("k0").isPresent());
        assertTrue(h.views.get("k" + (keys - 1)).isEmpty());
        assertEquals(1, h.storedModel("k" + (keys - 1)).sequence(), "the model without a view is in the store");
    }

    @Test
    void aModelIsPublishedWithItsLatestSnapshotEachModelsIntervalNotPerRecord() {
        try (Harness s = new Harness(stateDir.resolve("s"), Harness.settings(StreamConfig.SNAPSHOT_INTERVAL, "16"))) {
            for (int i = 0; i < 40; i++) {
                s.send("m", "{\"id\":\"" + i + "\",\"features\":[" + (i % 7) + ",1],\"label\":" + (i % 2) + "}");
            }
            assertTrue(s.models.isEmpty(), "a new model waits for the period like a changed one");
            s.driver.advanceWallClockTime(s.config.modelsInterval());
            List<byte[]> published = s.models.readValuesToList();
            assertEquals(List.of(40L), sequences(published));
            assertArrayEquals(KeyedModelCodec.encode(s.storedModel("m")), published.get(0));
        }
    }

    @Test
    void aModelsIntervalOfZeroPublishesNoSnapshotWhileTheStoreKeepsTheModels() {
        try (Harness s = new Harness(stateDir.resolve("s"), Harness.settings(StreamConfig.MODELS_INTERVAL_MS, "0"))) {
            for (int i = 0; i < 20; i++) {
                s.send("m" + (i % 4), "{\"id\":\"" + i + "\",\"features\":[" + (i % 7) + ",1],\"label\":" + (i % 2)
                        + "}");
            }
            s.driver.advanceWallClockTime(Duration.ofHours(1));
            assertTrue(s.models.isEmpty());
            assertEquals(5, s.storedModel("m3").sequence());
        }
    }

    @Test
    void aNewModelThatHasOnlyPredictedIsPublishedOnce() {
        try (Harness s = new Harness(stateDir.resolve("s"), Harness.settings())) {
            s.send("m", "{\"id\":\"1\",\"features\":[1,1]}");
            s.driver.advanceWallClockTime(s.config.modelsInterval());
            assertEquals(List.of(0L), sequences(s.models.readValuesToList()));
            s.driver.advanceWallClockTime(s.config.modelsInterval());
            assertTrue(s.models.isEmpty());
        }
    }

    @Test
    void aModelThatLearntNothingSinceItsLastPublicationIsNotPublishedAgain() {
        try (Harness s = new Harness(stateDir.resolve("s"), Harness.settings())) {
            s.send("m", "{\"id\":\"1\",\"features\":[1,1],\"label\":1}");
            s.driver.advanceWallClockTime(s.config.modelsInterval());
            s.models.readValuesToList();
            s.send("m", "{\"id\":\"2\",\"features\":[1,1]}"); // scored only: the model does not change
            s.driver.advanceWallClockTime(s.config.modelsInterval());
            assertTrue(s.models.isEmpty());
        }
    }

    private static List<Long> sequences(List<byte[]> snapshots) {
        return snapshots.stream().map(v -> KeyedModelCodec.decode(v).sequence()).toList();
    }

    @Test
    void latencyIsWallClockMinusTheExampleTimestamp() {
        long ts = Harness.START.toEpochMilli() - 1500;
        h.send("m", "{\"id\":\"1\",\"features\":[1,2],\"timestamp\":" + ts + "}");
        assertEquals(1500, h.predictions().get(0).get("latencyMs").asLong());
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static LearnerSpec spec() {
        return LearnerSpec.classifier(2);
    }
}
