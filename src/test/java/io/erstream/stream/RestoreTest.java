package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.erstream.learn.ModelCodec;
import io.erstream.learn.OnlineReflection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model restored from the changelog and then fed more records is bit-identical to one that never stopped.
 *
 * <p>TopologyTestDriver.close() wipes its state directory and a driver does not restore from a changelog, so a
 * restart is simulated the way restoration works: the second driver starts with an empty store, loaded with the
 * last value per key of the first driver's changelog output (TTD commits after every record, so that is the
 * committed state), then continues with the rest of the input.
 */
class RestoreTest {

    private static final int TOTAL = 85;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "restart after {0} records")
    @ValueSource(ints = {1, 17, 45, 64})
    void aModelRestoredFromTheChangelogContinuesBitIdentically(int restartAfter) {
        List<String> input = records(TOTAL, false);
        Map<Bytes, byte[]> changelog;
        try (Harness first = harness("first")) {
            input.subList(0, restartAfter).forEach(r -> first.send("m", r));
            changelog = first.changelogTable();
        }
        byte[] restarted;
        List<byte[]> laterPredictions;
        try (Harness second = harness("second")) {
            second.restore(changelog);
            input.subList(restartAfter, TOTAL).forEach(r -> second.send("m", r));
            restarted = KeyedModelCodec.encode(second.storedModel("m"));
            laterPredictions = second.predictions.readValuesToList();
        }
        byte[] uninterrupted;
        List<byte[]> allPredictions;
        try (Harness once = harness("once")) {
            input.forEach(r -> once.send("m", r));
            uninterrupted = KeyedModelCodec.encode(once.storedModel("m"));
            allPredictions = once.predictions.readValuesToList();
        }

        assertArrayEquals(uninterrupted, restarted);
        List<byte[]> tail = allPredictions.subList(allPredictions.size() - laterPredictions.size(),
                allPredictions.size());
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(withoutOffset(tail.get(i)), withoutOffset(laterPredictions.get(i)),
                    "prediction " + i + " after the restart");
        }
    }

    /**
     * Restarts just before, at, just after and well after the detected drift: the restored model (detector
     * included) continues bit-identically, and the drift event is emitted exactly once across the restart.
     */
    @Test
    void aRestartAroundADriftContinuesBitIdenticallyAndReportsTheDriftOnce() {
        int total = 1300;
        List<String> input = DriftStreamTest.concept(total, DriftStreamTest.FLIP);
        byte[] uninterrupted;
        List<String> allDrifts;
        int detectedAt;
        try (Harness once = harness("drift-once")) {
            input.forEach(r -> once.send("m", r));
            uninterrupted = KeyedModelCodec.encode(once.storedModel("m"));
            List<com.fasterxml.jackson.databind.JsonNode> events = once.drifts();
            allDrifts = events.stream().map(RestoreTest::withoutOffsetText).toList();
            detectedAt = (int) DriftStreamTest.level(events, "drift").get(0).get("sourceOffset").asLong();
        }
        for (int restartAfter : new int[] {detectedAt - 1, detectedAt, detectedAt + 1, detectedAt + 37}) {
            Map<Bytes, byte[]> changelog;
            List<String> drifts = new ArrayList<>();
            try (Harness first = harness("drift-first-" + restartAfter)) {
                input.subList(0, restartAfter).forEach(r -> first.send("m", r));
                changelog = first.changelogTable();
                first.drifts().forEach(d -> drifts.add(withoutOffsetText(d)));
            }
            try (Harness second = harness("drift-second-" + restartAfter)) {
                second.restore(changelog);
                input.subList(restartAfter, total).forEach(r -> second.send("m", r));
                second.drifts().forEach(d -> drifts.add(withoutOffsetText(d)));
                assertArrayEquals(uninterrupted, KeyedModelCodec.encode(second.storedModel("m")),
                        "restarted after " + restartAfter);
            }
            assertEquals(allDrifts, drifts, "drift events across a restart after " + restartAfter);
        }
    }

    /** A drift event keyed by its record id (from the timestamp) rather than the driver's input offset. */
    private static String withoutOffsetText(com.fasterxml.jackson.databind.JsonNode event) {
        var node = ((com.fasterxml.jackson.databind.node.ObjectNode) event).deepCopy();
        node.remove("sourceOffset");
        node.put("record", "r" + (node.get("timestamp").asLong() - 1_700_000_000_000L));
        return node.toString();
    }

    @Test
    void theStoredModelEqualsAnIndependentReplayOfTheLabelledRecords() {
        List<String> input = records(TOTAL, false);
        try (Harness h = harness("oracle")) {
            input.forEach(r -> h.send("m", r));
            OnlineReflection oracle = new OnlineReflection(h.config.learnerSpec(), 3);
            Random random = new Random(42);
            for (int i = 0; i < TOTAL; i++) {
                double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                if (i % 5 != 4) {
                    oracle.learnOne(x, label(x));
                }
            }
            assertArrayEquals(ModelCodec.encode(oracle), ModelCodec.encode(h.storedModel("m").learner()));
        }
    }

    @Test
    void namedFeatureMappingSurvivesARestore() {
        List<String> input = records(TOTAL, true);
        Map<Bytes, byte[]> changelog;
        try (Harness first = harness("named-first")) {
            input.subList(0, 30).forEach(r -> first.send("n", r));
            changelog = first.changelogTable();
        }
        KeyedModel restarted;
        try (Harness second = harness("named-second")) {
            second.restore(changelog);
            input.subList(30, TOTAL).forEach(r -> second.send("n", r));
            assertFalse(second.deadLetters().size() > 0, "all named records fit the restored mapping");
            restarted = second.storedModel("n");
        }
        try (Harness once = harness("named-once")) {
            input.forEach(r -> once.send("n", r));
            KeyedModel uninterrupted = once.storedModel("n");
            assertEquals(List.of("c", "a", "b"), restarted.layout().encoder().describe().stream()
                    .map(EncodedInput::field).distinct().toList());
            assertArrayEquals(KeyedModelCodec.encode(uninterrupted), KeyedModelCodec.encode(restarted));
        }
    }

    /** A prediction without its source offset (the second driver's input offsets start again at 0). */
    private static com.fasterxml.jackson.databind.JsonNode withoutOffset(byte[] prediction) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Harness.JSON.readTree(prediction);
            node.remove("sourceOffset");
            return node;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRestoredModelIsServedBeforeItsKeySendsAnotherRecord() {
        Map<Bytes, byte[]> changelog;
        byte[] live;
        try (Harness first = harness("first")) {
            records(TOTAL, false).forEach(r -> first.send("m", r));
            changelog = first.changelogTable();
            live = KeyedModelCodec.encode(first.storedModel("m"));
        }
        try (Harness second = harness("second")) {
            second.restore(changelog);
            second.driver.advanceWallClockTime(ModelViews.REFRESH);
            org.apache.kafka.streams.state.ReadOnlyKeyValueStore<Bytes, byte[]> store =
                    second.driver.getKeyValueStore(ModelStore.NAME);
            ModelView view = new StoredModels(() -> store, () -> List.of(store), null).find("m")
                    .orElseThrow(() -> new AssertionError("a restored model must be served without new records"));
            assertArrayEquals(live, view.state());
            assertTrue(second.views.get("m").isEmpty(), "and it was not loaded to be served");
            assertEquals(0, second.cache.loads());
        }
    }

    /** The learner settings a model's snapshot must carry for its restore to learn on alike. */
    @ParameterizedTest
    @CsvSource({"erstream.model.covariance, diagonal", "erstream.model.standardize, false"})
    void aModelOfOtherLearnerSettingsRestoresBitIdentically(String key, String value) {
        List<String> input = records(TOTAL, false);
        Map<Bytes, byte[]> changelog;
        try (Harness first = harness("first", key, value)) {
            input.subList(0, 40).forEach(r -> first.send("m", r));
            changelog = first.changelogTable();
        }
        byte[] restarted;
        try (Harness second = harness("second", key, value)) {
            second.restore(changelog);
            input.subList(40, TOTAL).forEach(r -> second.send("m", r));
            restarted = KeyedModelCodec.encode(second.storedModel("m"));
            assertEquals(StreamConfig.fromProperties(Harness.settings(key, value), Map.of()).learnerSpec(),
                    second.storedModel("m").learner().spec());
        }
        try (Harness once = harness("once", key, value)) {
            input.forEach(r -> once.send("m", r));
            assertArrayEquals(KeyedModelCodec.encode(once.storedModel("m")), restarted);
        }
    }

    private Harness harness(String name, String key, String value) {
        return new Harness(dir.resolve(key + "-" + name), Harness.settings(key, value));
    }

    private Harness harness(String name) {
        return new Harness(dir.resolve(name), Harness.settings());
    }

    /** Labelled records with explicit timestamps (so runs agree), every fifth unlabelled; named in rotating order. */
    static List<String> records(int n, boolean named) {
        Random random = new Random(42);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            String features = named ? namedFeatures(x, i) : "[" + x[0] + "," + x[1] + "," + x[2] + "]";
            String label = i % 5 == 4 ? "null" : Integer.toString(label(x));
            out.add("{\"id\":\"r" + i + "\",\"features\":" + features + ",\"label\":" + label
                    + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}");
        }
        return out;
    }

    private static String namedFeatures(double[] x, int i) {
        String a = "\"a\":" + x[0];
        String b = "\"b\":" + x[1];
        String c = "\"c\":" + x[2];
        return switch (i % 3) {
            case 0 -> "{" + c + "," + a + "," + b + "}";
            case 1 -> "{" + a + "," + b + "," + c + "}";
            default -> "{" + b + "," + c + "," + a + "}";
        };
    }

    static int label(double[] x) {
        return x[0] + 0.5 * x[1] - x[2] > 0 ? 1 : 0;
    }
}
