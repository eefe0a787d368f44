package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels that come later than their examples, through {@code erstream.labels}: an unlabelled example is predicted
 * at once and kept; its label makes the model learn from it as an inline label would have; a label that comes
 * first waits for its example; what waits past {@code erstream.labels.retention.ms} of record time is dropped —
 * a label as a dead letter, an example counted. Every bad label is one dead letter and leaves the model as it was.
 */
class DelayedLabelsTest {

    static final long T0 = 1_700_000_000_000L;
    private static final long RETENTION = 60_000;

    @TempDir
    Path state;

    private Harness harness(String name) {
        return new Harness(state.resolve(name), Harness.settings(StreamConfig.LABELS_RETENTION_MS,
                Long.toString(RETENTION)));
    }

    static void example(Harness h, String key, String id, String features, String label, long at) {
        h.examples.pipeInput(bytes(key), bytes("{\"id\":\"" + id + "\",\"features\":" + features
                + (label == null ? "" : ",\"label\":" + label) + "}"), at);
    }

    static void label(Harness h, String key, String id, String label, long at) {
        h.labels.pipeInput(bytes(key), bytes("{\"id\":\"" + id + "\",\"label\":" + label + "}"), at);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Three labelled steps of key "k" (inline), so that the model has something to lose. */
    private static void warmUp(Harness h, long at) {
        example(h, "k", "w1", "[1,2]", "1", at);
        example(h, "k", "w2", "[2,0]", "0", at + 1);
        example(h, "k", "w3", "[0,1]", "1", at + 2);
    }

    @Test
    void aLabelAfterItsExampleTeachesTheModelWhatAnInlineLabelWould() {
        byte[] inline;
        try (Harness h = harness("inline")) {
            warmUp(h, T0);
            example(h, "k", "e1", "[3,1]", "0", T0 + 10);
            inline = LearningState.of(h.storedModel("k"));
        }
        try (Harness h = harness("delayed")) {
            warmUp(h, T0);
            example(h, "k", "e1", "[3,1]", null, T0 + 10);
            JsonNode atEventTime = h.predictions().get(3);
            label(h, "k", "e1", "0", T0 + 2_010);
            List<JsonNode> out = h.predictions();
            assertEquals(1, out.size());
            JsonNode labelled = out.get(0);
            assertEquals("e1", labelled.get("id").asText());
            assertEquals(0, labelled.get("label").asInt());
            assertEquals(2_000, labelled.get("labelDelayMs").asLong());
            assertEquals(atEventTime.get("probabilities"), labelled.get("probabilities"));
            assertEquals(atEventTime.get("modelVersion"), labelled.get("modelVersion"));
            assertEquals(List.of(), SchemaSubsetValidator.validate(TopicSchemasTest.schema(TopicCatalog.PREDICTIONS),
                    labelled));
            assertEquals(4, h.storedModel("k").sequence());
            assertArrayEquals(inline, LearningState.of(h.storedModel("k")));
        }
    }

    @Test
    void aLabelBeforeItsExampleWaitsAndTheExampleLearnsAtOnce() {
        byte[] inline;
        try (Harness h = harness("inline")) {
            warmUp(h, T0);
            example(h, "k", "e1", "[3,1]", "0", T0 + 10);
            inline = KeyedModelCodec.encode(h.storedModel("k"));
        }
        try (Harness h = harness("label-first")) {
            warmUp(h, T0);
            h.predictions();
            label(h, "k", "e1", "0", T0 + 5);
            assertEquals(List.of(), h.predictions(), "a waiting label has no output");
            assertEquals(3, h.storedModel("k").sequence());
            example(h, "k", "e1", "[3,1]", null, T0 + 10);
            JsonNode out = h.predictions().get(0);
            assertEquals(0, out.get("label").asInt());
            assertArrayEquals(inline, KeyedModelCodec.encode(h.storedModel("k")),
                    "learnt at once, as inline: metrics included");
        }
    }

    @Test
    void anExampleWhoseLabelNeverComesExpiresByRecordTimeAndIsCounted() {
        try (Harness h = harness("never")) {
            example(h, "k", "e1", "[3,1]", null, T0);
            example(h, "other", "o1", "[1,1]", "1", T0 + RETENTION);
            assertEquals(List.of(), h.unlabelledExpired, "not past the retention yet");
            example(h, "other", "o2", "[1,1]", "1", T0 + 2 * RETENTION);
            assertEquals(List.of("k"), h.unlabelledExpired);
            assertEquals(0, h.storedModel("k").sequence());
        }
    }

    @Test
    void aLabelAfterItsExamplesRetentionWaitsAndEndsAsAnUnmatchedLabel() {
        try (Harness h = harness("late")) {
            example(h, "k", "e1", "[3,1]", null, T0);
            label(h, "k", "e1", "1", T0 + RETENTION + 1); // the record finds the example expired
            assertEquals(List.of("k"), h.unlabelledExpired);
            assertEquals(0, h.storedModel("k").sequence());
            example(h, "other", "o1", "[1,1]", "1", T0 + 3 * RETENTION);
            List<JsonNode> letters = h.deadLetters();
            assertEquals(1, letters.size());
            assertEquals("unmatched-label", letters.get(0).get("reason").asText());
        }
    }

    @Test
    void aLabelWhoseExampleNeverComesIsDeadLetteredWithItsRecordAfterTheRetention() {
        try (Harness h = harness("unmatched")) {
            label(h, "k", "e1", "1", T0);
            example(h, "other", "o1", "[1,1]", "1", T0 + RETENTION);
            assertEquals(List.of(), h.deadLetters(), "still within the retention");
            example(h, "other", "o2", "[1,1]", "1", T0 + RETENTION + 2_000);
            List<JsonNode> letters = h.deadLetters();
            assertEquals(1, letters.size());
            JsonNode letter = letters.get(0);
            assertEquals("unmatched-label", letter.get("reason").asText());
            assertEquals("id", letter.get("field").asText());
            assertEquals(TopicCatalog.LABELS, letter.get("sourceTopic").asText());
            assertEquals("{\"id\":\"e1\",\"label\":1}", new String(Base64.getDecoder().decode(
                    letter.get("value").asText()), StandardCharsets.UTF_8));
            assertEquals(List.of(), SchemaSubsetValidator.validate(TopicSchemasTest.schema(TopicCatalog.DEAD_LETTERS),
                    letter));
            example(h, "k", "e1", "[3,1]", null, T0 + RETENTION + 3_000);
            assertEquals(0, h.storedModel("k").sequence(), "the dropped label does not teach a later example");
        }
    }

    @Test
    void retentionIsByRecordTimeNotWallClock() {
        try (Harness h = harness("clock")) {
            example(h, "k", "e1", "[3,1]", null, T0);
            h.driver.advanceWallClockTime(Duration.ofHours(5));
            label(h, "k", "e1", "1", T0 + RETENTION);
            assertEquals(1, h.storedModel("k").sequence(), "hours of wall clock, within the retention by record time");
            assertEquals(List.of(), h.deadLetters());
        }
    }

    @Test
    void aSecondLabelOfAnIdIsADuplicateAndChangesNothing() {
        try (Harness h = harness("twice")) {
            example(h, "k", "e1", "[3,1]", null, T0);
            label(h, "k", "e1", "1", T0 + 1);
            byte[] once = KeyedModelCodec.encode(h.storedModel("k"));
            label(h, "k", "e1", "0", T0 + 2);
            List<JsonNode> letters = h.deadLetters();
            assertEquals(1, letters.size());
            assertEquals("duplicate-label", letters.get(0).get("reason").asText());
            assertEquals("id", letters.get(0).get("field").asText());
            assertArrayEquals(once, KeyedModelCodec.encode(h.storedModel("k")));
        }
    }

    @Test
    void twoLabelsBeforeTheExampleAreADuplicate() {
        try (Harness h = harness("twice-first")) {
            label(h, "k", "e1", "1", T0);
            label(h, "k", "e1", "0", T0 + 1);
            assertEquals("duplicate-label", h.deadLetters().get(0).get("reason").asText());
            example(h, "k", "e1", "[3,1]", null, T0 + 2);
            assertEquals(1, h.predictions().get(0).get("label").asInt(), "the first label is the one learnt");
        }
    }

    @Test
    void badLabelRecordsAreDeadLetteredNamingTheFieldAndLeaveTheModelAsItWas() {
        try (Harness h = new Harness(state.resolve("bad"), Harness.settings(StreamConfig.LABELS_RETENTION_MS,
                Long.toString(RETENTION), StreamConfig.MAX_RECORD_BYTES, "1024"))) {
            warmUp(h, T0);
            example(h, "k", "e1", "[3,1]", null, T0 + 10);
            byte[] before = KeyedModelCodec.encode(h.storedModel("k"));
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\",\"label\":"), T0 + 11);
            h.labels.pipeInput(bytes("k"), bytes("{\"label\":1}"), T0 + 12);
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\"}"), T0 + 13);
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\",\"label\":[1]}"), T0 + 14);
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\",\"label\":0.5}"), T0 + 15);
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\",\"label\":\"cat\"}"), T0 + 16);
            h.labels.pipeInput(bytes("k"), bytes("{\"id\":\"e1\",\"label\":1,\"pad\":\"" + "x".repeat(2000) + "\"}"),
                    T0 + 17);
            h.labels.pipeInput(null, bytes("{\"id\":\"e1\",\"label\":1}"), T0 + 18);
            List<String> reasons = h.deadLetters().stream().map(l -> l.get("reason").asText() + ":"
                    + l.get("field").asText()).toList();
            assertEquals(List.of("malformed-json:$", "missing-field:id", "missing-field:label", "wrong-type:label",
                    "wrong-type:label", "unknown-label:label", "oversized:value", "missing-field:key"), reasons);
            assertArrayEquals(before, KeyedModelCodec.encode(h.storedModel("k")));
            label(h, "k", "e1", "1", T0 + 20);
            assertEquals(4, h.storedModel("k").sequence(), "the stream is alive and the example still waits");
        }
    }

    @Test
    void theMetricsScoreThePredictionMadeAtEventTime() {
        try (Harness h = harness("scored")) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                example(h, "k", "e" + i, "[" + (i % 3) + "," + (i % 5 - 2) + "]", null, T0 + i);
            }
            List<JsonNode> atEventTime = h.predictions();
            int hits = 0;
            for (int i = 0; i < n; i++) {
                int truth = (i % 5 - 2) > 0 ? 1 : 0;
                label(h, "k", "e" + i, Integer.toString(truth), T0 + n + i);
                hits += atEventTime.get(i).get("prediction").asInt() == truth ? 1 : 0;
            }
            KeyedModel model = h.storedModel("k");
            assertEquals(n, model.classification().examples());
            assertEquals((double) hits / n, model.classification().accuracy(), 1e-12);
        }
    }

    @Test
    void aModelLearntFromDelayedLabelsRestoresExactlyFromItsJournal() {
        try (Harness h = new Harness(state.resolve("journal"), Harness.settings(StreamConfig.LABELS_RETENTION_MS,
                Long.toString(RETENTION), StreamConfig.SNAPSHOT_INTERVAL, "16"))) {
            for (int i = 0; i < 40; i++) { // every label after every example: event-time predictions differ
                example(h, "k", "e" + i, "[" + (i % 3) + "," + (i % 7 - 3) + "]", null, T0 + i);
            }
            for (int i = 0; i < 40; i++) {
                label(h, "k", "e" + i, Integer.toString(i % 7 > 3 ? 1 : 0), T0 + 40 + i);
            }
            KeyedModel stored = h.storedModel("k");
            assertEquals(40, stored.sequence());
            assertEquals(40, stored.classification().examples());
            h.models.readValuesToList();
            h.driver.advanceWallClockTime(Duration.ofMinutes(1));
            List<byte[]> published = h.models.readValuesToList();
            assertArrayEquals(published.get(published.size() - 1), KeyedModelCodec.encode(stored),
                    "snapshot 32 plus 8 scored journal entries, replayed, equal the live model");
        }
    }

    @Test
    void anUnlabelledExampleWaitsInTheStoreAndALabelledOneDoesNot() {
        try (Harness h = harness("kept")) {
            example(h, "k", "e1", "[3,1]", "1", T0);
            assertEquals(0, waitingExamples(h));
            example(h, "k", "e2", "[3,1]", null, T0 + 1);
            assertEquals(1, waitingExamples(h));
        }
    }

    /** Examples waiting in the store for their labels (entries {@code 'P' …} of kind EXAMPLE). */
    static int waitingExamples(Harness h) {
        int n = 0;
        try (var all = h.driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(PendingLabels.NAME)
                .all()) {
            while (all.hasNext()) {
                var entry = all.next();
                n += entry.key.get()[0] == 'P' && entry.value[0] == PendingLabels.Kind.EXAMPLE.ordinal() ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void aDelayedLabelIsCountedAsAnUpdateOfAnExampleCountedOnce() {
        try (Harness h = harness("counted")) {
            example(h, "k", "e1", "[3,1]", null, T0);
            assertEquals(List.of("k"), h.examplesCounted);
            assertEquals(List.of(), h.updatesCounted);
            label(h, "k", "e1", "1", T0 + 1);
            assertEquals(List.of("k"), h.examplesCounted);
            assertEquals(List.of("k"), h.updatesCounted);
        }
    }

    @Test
    void withNoRetentionAnUnlabelledExampleIsOnlyPredicted() {
        try (Harness h = new Harness(state.resolve("off"), Harness.settings(StreamConfig.LABELS_RETENTION_MS, "0"))) {
            example(h, "k", "e1", "[3,1]", null, T0);
            label(h, "k", "e1", "1", T0 + 1);
            assertEquals(0, h.storedModel("k").sequence());
            example(h, "k", "e2", "[3,1]", "1", T0 + 1_500);
            assertEquals("unmatched-label", h.deadLetters().get(0).get("reason").asText());
            assertFalse(h.unlabelledExpired.contains("k"));
            assertEquals(0, waitingExamples(h));
            assertEquals(2, h.predictions().size());
        }
    }
}
