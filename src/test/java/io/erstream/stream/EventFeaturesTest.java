package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named event features through the real topology: each kind of value, the vocabulary, missing values, restore. */
class EventFeaturesTest {

    @TempDir
    Path stateDir;

    private static String record(String id, String features, String label) {
        return "{\"id\":\"" + id + "\",\"features\":" + features + ",\"label\":" + label + "}";
    }

    /** The learner's input for {@code features} as the stored model encodes it (without learning). */
    private static double[] encode(KeyedModel model, String features) {
        ParsedExample parsed = new ParsedExample();
        new ExampleParser(256).parse(record("q", features, "null").getBytes(StandardCharsets.UTF_8), parsed);
        FeatureEncoder encoder = model.layout().encoder();
        double[] canonical = new double[encoder.canonicalWidth()];
        encoder.bind(parsed, canonical, model.key());
        double[] x = new double[encoder.inputs()];
        encoder.encode(canonical, x);
        return x;
    }

    private static String hash(String text, int bits) {
        return "#" + Long.toHexString(Hash52.of(text, bits));
    }

    private static List<String> roles(KeyedModel model) {
        return model.layout().encoder().describe().stream()
                .map(i -> i.field() + ":" + i.kind() + ":" + i.role() + (i.category() == null ? "" : "=" + i.category()))
                .toList();
    }

    @Test
    void numbersBooleansStringsAndNullsAreEncodedWithoutDeadLetters() {
        try (Harness h = new Harness(stateDir, Harness.settings())) {
            h.send("m", record("1", "{\"amount\":2.5,\"mobile\":true,\"country\":\"DE\",\"coupon\":null}", "1"));
            h.send("m", record("2", "{\"amount\":-1,\"mobile\":false,\"country\":\"FR\",\"coupon\":\"x\"}", "0"));

            assertEquals(List.of(), h.deadLetters());
            assertEquals(2, h.predictions().size());
            KeyedModel model = h.storedModel("m");
            // names come with the first record; later ones are known by hash until a snapshot step names them
            assertEquals(List.of("amount:number:value", "mobile:boolean:value", "country:string:category=DE",
                    "country:string:category=" + hash("FR", 52), hash("coupon", 50) + ":string:category="
                            + hash("x", 52)), roles(model));
            double[] x = encode(model, "{\"amount\":4,\"mobile\":true,\"country\":\"FR\",\"coupon\":\"x\"}");
            assertArrayEquals(new double[] {4, 1, 0, 1, 1}, java.util.Arrays.copyOf(x, 5));
        }
    }

    @Test
    void laterFieldsAndCategoriesAreNamedInTheStepsStoredAsSnapshotsWhichAReplayNeverRuns() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.SNAPSHOT_INTERVAL, "16"))) {
            h.send("m", record("0", "{\"country\":\"DE\"}", "null"));
            for (int i = 1; i < 16; i++) {
                h.send("m", record(Integer.toString(i), "{\"country\":\"FR\",\"tier\":\"gold\"}", "1"));
            }
            assertEquals(List.of("country:string:category=DE", "country:string:category=" + hash("FR", 52),
                    hash("tier", 50) + ":string:category=" + hash("gold", 52)), roles(h.storedModel("m")));

            h.send("m", record("16", "{\"country\":\"FR\",\"tier\":\"gold\"}", "0")); // the 16th update

            assertEquals(List.of("country:string:category=DE", "country:string:category=FR",
                    "tier:string:category=gold"), roles(h.storedModel("m")));
        }
    }

    @Test
    void aVocabularyAtItsCapSendsNewCategoriesToTheFieldsOverflowInput() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.FEATURES_CATEGORIES_MAX, "2"))) {
            for (String country : List.of("DE", "FR", "IT", "ES", "DE")) {
                h.send("m", record(country, "{\"country\":\"" + country + "\"}", "1"));
            }

            KeyedModel model = h.storedModel("m");
            assertEquals(List.of("country:string:category=DE", "country:string:category=" + hash("FR", 52),
                    "country:string:overflow"), roles(model));
            assertArrayEquals(new double[] {0, 0, 1}, java.util.Arrays.copyOf(encode(model, "{\"country\":\"ES\"}"), 3));
            assertArrayEquals(new double[] {0, 0, 1}, java.util.Arrays.copyOf(encode(model, "{\"country\":\"PT\"}"), 3));
            assertArrayEquals(new double[] {0, 1, 0}, java.util.Arrays.copyOf(encode(model, "{\"country\":\"FR\"}"), 3));
        }
    }

    @Test
    void hashingSetsOneOfTheFieldsFixedBuckets() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.FEATURES_STRINGS, "hashing",
                StreamConfig.FEATURES_CATEGORIES_MAX, "4"))) {
            h.send("m", record("1", "{\"country\":\"DE\"}", "1"));
            KeyedModel model = h.storedModel("m");
            assertEquals(List.of("country:string:bucket=0", "country:string:bucket=1", "country:string:bucket=2",
                    "country:string:bucket=3"), roles(model));
            double[] x = encode(model, "{\"country\":\"PT\"}");
            assertEquals(1.0, x[(int) Math.floorMod(Hash52.of("PT", 52), 4L)]);
            assertEquals(1.0, java.util.Arrays.stream(x).sum());
        }
    }

    @Test
    void aMissingNumberIsImputedWithTheRunningMeanOfLabelledRecordsAndFlagged() {
        try (Harness h = new Harness(stateDir, Harness.settings())) {
            h.send("m", record("1", "{\"amount\":1,\"country\":\"DE\"}", "1"));
            h.send("m", record("2", "{\"amount\":3,\"country\":\"DE\"}", "0"));
            h.send("m", record("3", "{\"amount\":100}", "null")); // unlabelled: the mean does not move
            h.send("m", record("4", "{\"amount\":null,\"country\":\"DE\"}", "1"));

            assertEquals(List.of(), h.deadLetters());
            KeyedModel model = h.storedModel("m");
            assertEquals(List.of("amount:number:value", "country:string:category=DE", "amount:number:missing"),
                    roles(model));
            assertArrayEquals(new double[] {2, 1, 1}, java.util.Arrays.copyOf(encode(model, "{\"country\":\"DE\"}"), 3));
            assertArrayEquals(new double[] {7, 0, 0}, java.util.Arrays.copyOf(encode(model, "{\"amount\":7}"), 3));
        }
    }

    @Test
    void aNewFieldTakesAnInputAndOnceThePoolIsFullFurtherFieldsAreIgnored() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.FEATURES_RESERVE, "1"))) {
            h.send("m", record("1", "{\"a\":1}", "1"));
            h.send("m", record("2", "{\"a\":2,\"b\":5}", "0"));
            h.send("m", record("3", "{\"a\":3,\"c\":7}", "1"));
            h.send("m", record("4", "{\"b\":1}", "1"));

            assertEquals(List.of(), h.deadLetters());
            KeyedModel model = h.storedModel("m");
            assertEquals(2, model.learner().dimension());
            assertEquals(List.of("a:number:value", hash("b", 50) + ":number:value"), roles(model));
            assertEquals(4, model.sequence());
        }
    }

    @Test
    void aModelWhoseEncodingCouldOutgrowTheSizeLimitIsRefusedAtItsFirstRecord() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.MAX_FEATURES, "1400",
                StreamConfig.FEATURES_RESERVE, "1399"))) {
            h.send("m", record("1", "{\"a\":1}", "1"));

            JsonNode letter = h.deadLetters().get(0);
            assertEquals("oversized", letter.get("reason").asText());
            assertTrue(letter.get("error").asText().contains("model size limit"), letter.toString());
        }
    }

    @Test
    void anUnlabelledRecordChangesNeitherTheFieldsNorTheVocabulary() {
        try (Harness h = new Harness(stateDir, Harness.settings())) {
            h.send("m", record("1", "{\"a\":1,\"s\":\"x\"}", "1"));
            byte[] before = KeyedModelCodec.encode(h.storedModel("m"));
            h.send("m", record("2", "{\"a\":null,\"s\":\"new\",\"b\":true}", "null"));

            assertEquals(1, h.predictions().size() - 1);
            assertArrayEquals(before, KeyedModelCodec.encode(h.storedModel("m")));
        }
    }

    @Test
    void anEncodedModelRoundTripsThroughTheCodecAsVersionFive() {
        try (Harness h = new Harness(stateDir, Harness.settings(StreamConfig.SNAPSHOT_INTERVAL, "16"))) {
            EventRecords.of(300, 5).forEach(r -> h.send("m", r));
            KeyedModel model = h.storedModel("m");
            byte[] bytes = KeyedModelCodec.encode(model);

            assertEquals(KeyedModelCodec.ENCODED_VERSION, ByteBuffer.wrap(bytes).getShort(4));
            KeyedModel decoded = KeyedModelCodec.decode(bytes);
            assertArrayEquals(bytes, KeyedModelCodec.encode(decoded));
            assertEquals(model.layout().encoder().describe(), decoded.layout().encoder().describe());
            assertTrue(roles(decoded).contains("late:number:value"), "a field that came later is in the layout");
        }
    }

    @Test
    void aRestoredEncodedModelContinuesExactlyLikeTheUninterruptedOne() {
        List<String> input = EventRecords.of(400, 9);
        Map<Bytes, byte[]> changelog;
        try (Harness first = new Harness(stateDir.resolve("first"), Harness.settings(
                StreamConfig.SNAPSHOT_INTERVAL, "32"))) {
            input.subList(0, 170).forEach(r -> first.send("m", r));
            changelog = first.changelogTable();
        }
        byte[] restarted;
        try (Harness second = new Harness(stateDir.resolve("second"), Harness.settings(
                StreamConfig.SNAPSHOT_INTERVAL, "32"))) {
            second.restore(changelog);
            input.subList(170, input.size()).forEach(r -> second.send("m", r));
            assertEquals(List.of(), second.deadLetters());
            restarted = KeyedModelCodec.encode(second.storedModel("m"));
        }
        try (Harness once = new Harness(stateDir.resolve("once"), Harness.settings(
                StreamConfig.SNAPSHOT_INTERVAL, "32"))) {
            input.forEach(r -> once.send("m", r));
            assertArrayEquals(KeyedModelCodec.encode(once.storedModel("m")), restarted);
        }
    }

    @Test
    void predictTakesTheSameRecordShapeAndAnswersAsTheModelDoes() throws IOException {
        try (Harness h = new Harness(stateDir, Harness.settings())) {
            EventRecords.of(200, 3).forEach(r -> h.send("m", r));
            h.send("m", record("q", "{\"amount\":1.5,\"country\":\"c2\",\"mobile\":null}", "null"));
            List<JsonNode> predictions = h.predictions();
            JsonNode last = predictions.get(predictions.size() - 1);
            ModelView view = new ModelView(h.storedModel("m"));

            double[] p = view.predictProba(view.canonical(Harness.JSON.readTree(
                    "{\"amount\":1.5,\"country\":\"c2\",\"mobile\":null}")));
            assertEquals(last.get("probabilities").get("1").asDouble(), p[1]);
            IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> view.canonical(Harness.JSON.readTree("{\"amount\":[1]}")));
            assertTrue(bad.getMessage().contains("features.amount"), bad.getMessage());
        }
    }
}
