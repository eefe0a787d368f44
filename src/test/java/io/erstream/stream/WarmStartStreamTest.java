package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.ModelFormatException;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.WarmStart;
import io.erstream.learn.WarmStartFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys warm-started from a multilayer model (erstream.model.warm-start), through the real topology: a 4 → 16 → 3
 * network fitted on seeded blobs ({@link WarmStartFixture}), written as the file {@code fit --save} writes.
 */
class WarmStartStreamTest {

    private static final WarmStartFixture FIXTURE = WarmStartFixture.small();
    private static final int ROWS = 100;

    @TempDir
    static Path files;
    private static Path warmFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeWarmStart() throws IOException {
        warmFile = files.resolve("blobs.warm");
        Files.write(warmFile, ModelCodec.encode(FIXTURE.warmStart));
    }

    private Harness harness(String name, String... more) {
        Properties p = Harness.settings(StreamConfig.MODEL_LABELS, "0,1,2",
                StreamConfig.MODEL_WARM_START, warmFile.toString(), StreamConfig.SNAPSHOT_INTERVAL, "32");
        for (int i = 0; i < more.length; i += 2) {
            p.setProperty(more[i], more[i + 1]);
        }
        return new Harness(dir.resolve(name), p);
    }

    /** Blob rows as records, labelled by the fixture (every fifth unlabelled), with explicit timestamps. */
    private static List<String> records(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(record(i, FIXTURE.x[i], i % 5 == 4 ? "null" : Integer.toString(FIXTURE.y[i])));
        }
        return out;
    }

    private static String record(int i, double[] x, String label) {
        StringBuilder features = new StringBuilder("[");
        for (int j = 0; j < x.length; j++) {
            features.append(j == 0 ? "" : ",").append(x[j]);
        }
        return "{\"id\":\"r" + i + "\",\"features\":" + features + "],\"label\":" + label + ",\"timestamp\":"
                + (1_700_000_000_000L + i) + "}";
    }

    @Test
    void theFirstPredictionOfEachWarmStartedKeyIsTheBatchNetworksPrediction() {
        try (Harness h = harness("first")) {
            for (int i = 0; i < ROWS; i++) {
                h.send("key-" + i, record(i, FIXTURE.x[i], Integer.toString(FIXTURE.y[i])));
            }
            List<JsonNode> predictions = h.predictions();
            assertEquals(ROWS, predictions.size());
            for (int i = 0; i < ROWS; i++) {
                assertEquals(Integer.toString(FIXTURE.model.predictClass(FIXTURE.x[i])),
                        predictions.get(i).get("prediction").asText(), "row " + i);
            }
        }
    }

    @Test
    void labelledRecordsChangeTheOutputWeightsWhileTheStreamKeepsReadingTheFilesHiddenLayer() throws IOException {
        WarmStart fromFile = ModelCodec.decodeWarmStart(Files.readAllBytes(warmFile));
        try (Harness h = harness("learn")) {
            records(ROWS).forEach(r -> h.send("m", r));
            KeyedModel stored = h.storedModel("m");
            assertFalse(java.util.Arrays.equals(fromFile.weights(), stored.learner().weights()),
                    "the output layer learnt");
            // the next prediction is the file's hidden layer followed by the stored output learner, bit for bit
            double[] x = FIXTURE.x[ROWS];
            double[] a = new double[fromFile.hidden()];
            fromFile.hiddenLayer().activate(x, a);
            double[] expected = new double[3];
            stored.learner().predictProba(a, expected);
            h.predictions();
            h.send("m", record(ROWS, x, "null"));
            JsonNode probabilities = h.predictions().get(0).get("probabilities");
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[k], probabilities.get(Integer.toString(k)).asDouble(), 0.0, "class " + k);
            }
        }
    }

    @Test
    void aStoreRestoreOfAWarmStartedKeyIsBitIdenticalToTheLiveModel() {
        List<String> input = records(ROWS);
        for (int restartAfter : new int[] {1, 40, 71}) {
            Map<Bytes, byte[]> changelog;
            try (Harness first = harness("first-" + restartAfter)) {
                input.subList(0, restartAfter).forEach(r -> first.send("m", r));
                changelog = first.changelogTable();
            }
            byte[] restarted;
            try (Harness second = harness("second-" + restartAfter)) {
                second.restore(changelog);
                input.subList(restartAfter, ROWS).forEach(r -> second.send("m", r));
                restarted = KeyedModelCodec.encode(second.storedModel("m"));
            }
            byte[] uninterrupted;
            try (Harness once = harness("once-" + restartAfter)) {
                input.forEach(r -> once.send("m", r));
                uninterrupted = KeyedModelCodec.encode(once.storedModel("m"));
            }
            assertArrayEquals(uninterrupted, restarted, "restart after " + restartAfter);
        }
    }

    @Test
    void aSnapshotLeavesOutTheHiddenLayerAndRefusesAnotherWarmStartNamingBothFingerprints() {
        WarmStart other = WarmStartFixture.withHidden(8).warmStart;
        try (Harness h = harness("refuse")) {
            records(ROWS).forEach(r -> h.send("m", r));
            byte[] snapshot = KeyedModelCodec.encode(h.storedModel("m"));
            java.nio.ByteBuffer firstRow = java.nio.ByteBuffer.allocate(8 * WarmStartFixture.DIMENSION);
            for (int j = 0; j < WarmStartFixture.DIMENSION; j++) {
                firstRow.putDouble(FIXTURE.warmStart.hiddenLayer().weights()[j]);
            }
            assertEquals(-1, indexOf(snapshot, firstRow.array()), "W₁'s first row must not be in the snapshot");
            assertTrue(indexOf(ModelCodec.encode(FIXTURE.warmStart), firstRow.array()) > 0, "but it is in the file");
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> KeyedModelCodec.decode(snapshot, other));
            assertTrue(e.getMessage().contains(WarmStart.hex(FIXTURE.warmStart.fingerprint()))
                    && e.getMessage().contains(WarmStart.hex(other.fingerprint())), e.getMessage());
            ModelFormatException none = assertThrows(ModelFormatException.class,
                    () -> KeyedModelCodec.decode(snapshot));
            assertTrue(none.getMessage().contains(WarmStart.hex(FIXTURE.warmStart.fingerprint())),
                    none.getMessage());
        }
    }

    @Test
    void aRecordWithAnotherFeatureCountIsDeadLetteredAndLeavesTheModelUntouched() {
        try (Harness h = harness("count")) {
            records(20).forEach(r -> h.send("m", r));
            byte[] before = KeyedModelCodec.encode(h.storedModel("m"));
            h.send("m", "{\"id\":\"five\",\"features\":[1,2,3,4,5],\"label\":1}");
            h.send("fresh", "{\"id\":\"three\",\"features\":[1,2,3],\"label\":1}");
            List<JsonNode> letters = h.deadLetters();
            assertEquals(2, letters.size());
            for (JsonNode letter : letters) {
                assertEquals("wrong-feature-count", letter.get("reason").asText(), letter.toString());
            }
            assertTrue(letters.get(1).get("error").asText().contains("warm start of 4 features"),
                    letters.get(1).toString());
            assertArrayEquals(before, KeyedModelCodec.encode(h.storedModel("m")));
            assertNull(h.storedModel("fresh"), "a dead-lettered first record creates no model");
        }
    }

    @Test
    void aLabelSetOfAnotherSizeFailsAtStartupNamingTheFileAndBothCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> harness("labels", StreamConfig.MODEL_LABELS, "a,b").close());
        assertTrue(e.getMessage().contains(warmFile.toString()) && e.getMessage().contains("3 classes")
                && e.getMessage().contains("names 2"), e.getMessage());
    }

    @Test
    void storedLinearModelsConflictWithAConfiguredWarmStartUntilARebuildDeletesThem() {
        try (Harness linear = new Harness(dir.resolve("linear"), Harness.settings(StreamConfig.MODEL_LABELS,
                "0,1,2"))) {
            records(10).forEach(r -> linear.send("a", r));
            ModelStore store = new ModelStore(linear.driver.getKeyValueStore(ModelStore.NAME), 0, FIXTURE.warmStart);

            String conflict = store.warmStartConflict();

            assertTrue(conflict.contains("linear") && conflict.contains(WarmStart.hex(FIXTURE.warmStart
                    .fingerprint())), conflict);
            assertEquals(1, store.deleteAll());
            assertTrue(store.storedKeys().isEmpty());
            assertEquals(null, store.warmStartConflict(), "an empty store conflicts with nothing");
        }
    }

    @Test
    void storedWarmStartedModelsAgreeWithTheSameWarmStart() {
        try (Harness h = harness("same")) {
            records(10).forEach(r -> h.send("a", r));
            assertEquals(null, new ModelStore(h.driver.getKeyValueStore(ModelStore.NAME), 0, FIXTURE.warmStart)
                    .warmStartConflict());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
