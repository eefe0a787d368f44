package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in the input topic can stop the stream: every record yields one prediction or one dead letter that fits
 * its topic, a failure anywhere in handling a record leaves its model exactly as it was, and different byte keys
 * never share a model.
 */
class TotalProcessingTest {

    /** The declared {@code max.message.bytes} of every output topic but erstream.models. */
    static final int TOPIC_LIMIT = 1_048_588;
    private static final String GOOD = "{\"id\":\"g\",\"features\":[1,2],\"label\":1}";

    @TempDir
    Path state;

    @Test
    void aMalformedValueOf900KilobytesBecomesADeadLetterUnderTheTopicLimit() throws Exception {
        byte[] value = new byte[900_000];
        Arrays.fill(value, (byte) '{');
        for (String maxRecord : List.of("1048576", "500000")) {
            try (Harness h = new Harness(state.resolve(maxRecord), Harness.settings(StreamConfig.MAX_RECORD_BYTES,
                    maxRecord))) {
                h.sendBytes("m", value);
                JsonNode letter = onlyDeadLetter(h);
                assertEquals(maxRecord.equals("500000") ? "oversized" : "malformed-json", letter.get("reason").asText());
                assertEquals(900_000, letter.get("valueBytes").asInt());
                assertTrue(letter.get("valueTruncated").asBoolean());
                assertEquals(sha256(value), letter.get("valueSha256").asText());
                assertEquals(262_144, Base64.getDecoder().decode(letter.get("value").asText()).length);
            }
        }
    }

    @Test
    void aKeyOf70000BytesIsDeadLetteredWithoutItsKeyOnTheRecord() {
        byte[] key = "k".repeat(70_000).getBytes(StandardCharsets.UTF_8);
        try (Harness h = new Harness(state, Harness.settings())) {
            h.sendRaw(key, GOOD.getBytes(StandardCharsets.UTF_8));
            List<KeyValue<byte[], byte[]>> letters = h.deadLetters.readKeyValuesToList();
            assertEquals(1, letters.size());
            assertNull(letters.get(0).key, "a key over erstream.max.key.bytes is not the dead letter's record key");
            JsonNode letter = read(letters.get(0).value);
            assertEquals("oversized", letter.get("reason").asText());
            assertEquals("key", letter.get("field").asText());
            assertEquals(70_000, letter.get("keyBytes").asInt());
            assertTrue(letters.get(0).value.length < TOPIC_LIMIT);
        }
    }

    @Test
    void aFeatureNameOf70000CharactersIsDeadLetteredAndTheFieldIsCut() {
        String name = "f".repeat(70_000);
        try (Harness h = new Harness(state, Harness.settings())) {
            h.send("m", "{\"id\":\"x\",\"features\":{\"" + name + "\":1},\"label\":1}");
            JsonNode letter = onlyDeadLetter(h);
            assertEquals("oversized", letter.get("reason").asText());
            assertTrue(letter.get("error").asText().length() < 2_000, letter.get("error").asText());
            assertTrue(h.predictions().isEmpty());
        }
    }

    @Test
    void anIdLongerThanTheLimitIsDeadLettered() {
        try (Harness h = new Harness(state, Harness.settings())) {
            h.send("m", "{\"id\":\"" + "i".repeat(ExampleParser.MAX_ID_CHARS + 1) + "\",\"features\":[1,2]}");
            JsonNode letter = onlyDeadLetter(h);
            assertEquals("oversized", letter.get("reason").asText());
            assertEquals("id", letter.get("field").asText());
        }
    }

    @Test
    void twoKeysThatAreNotUtf8GetTwoModels() {
        byte[] a = {(byte) 0xC3, (byte) 0x28}; // both decode to U+FFFD '(' when malformed input is replaced
        byte[] b = {(byte) 0xE2, (byte) 0x28};
        try (Harness h = new Harness(state, Harness.settings())) {
            h.sendRaw(a, GOOD.getBytes(StandardCharsets.UTF_8));
            h.sendRaw(b, GOOD.getBytes(StandardCharsets.UTF_8));
            List<JsonNode> predictions = h.predictions();
            assertEquals(2, predictions.size());
            String first = predictions.get(0).get("model").asText();
            String second = predictions.get(1).get("model").asText();
            assertNotEquals(first, second);
            assertArrayEquals(a, ModelKey.bytes(first));
            assertArrayEquals(b, ModelKey.bytes(second));
            assertEquals(1, h.storedModel(first).sequence());
            assertEquals(1, h.storedModel(second).sequence());
        }
    }

    @Test
    void aFaultInTheLearnerBecomesAnInternalDeadLetterAndLeavesTheModelExactlyAsBefore() {
        AtomicBoolean failNext = new AtomicBoolean();
        LearningFault fault = model -> {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("injected");
            }
        };
        try (Harness faulty = new Harness(state.resolve("faulty"), Harness.settings(), true, fault);
             Harness clean = new Harness(state.resolve("clean"), Harness.settings())) {
            for (int i = 0; i < 40; i++) {
                String record = "{\"id\":\"" + i + "\",\"features\":[" + i % 7 + "," + (i % 3 - 1) + "],\"label\":"
                        + (i % 2) + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}"; // event time, not the driver's
                if (i == 25) {
                    byte[] before = KeyedModelCodec.encode(faulty.storedModel("m"));
                    failNext.set(true);
                    faulty.send("m", record);
                    JsonNode letter = onlyDeadLetter(faulty);
                    assertEquals("internal", letter.get("reason").asText());
                    assertEquals(IllegalStateException.class.getName(), letter.get("exception").asText());
                    assertArrayEquals(before, KeyedModelCodec.encode(faulty.storedModel("m")));
                    continue; // the clean run never sees the failed record
                }
                faulty.send("m", record);
                clean.send("m", record);
            }
            assertEquals(39, faulty.predictions().size());
            assertArrayEquals(KeyedModelCodec.encode(clean.storedModel("m")),
                    KeyedModelCodec.encode(faulty.storedModel("m")),
                    "the records after the failed one learn as if it had never come");
            assertArrayEquals(changelogModel(clean), changelogModel(faulty), "a restore sees the same model");
        }
    }

    @Test
    void aFaultOnANewKeyLeavesNoModel() {
        LearningFault fault = model -> {
            throw new IllegalStateException("injected");
        };
        try (Harness h = new Harness(state, Harness.settings(), true, fault)) {
            h.send("m", GOOD);
            assertEquals("internal", onlyDeadLetter(h).get("reason").asText());
            assertNull(h.storedModel("m"));
            assertTrue(h.changelogTable().isEmpty(), "nothing was written for the failed record");
        }
    }

    @Test
    void underTheFailPolicyAnInternalFailureStopsTheStream() {
        LearningFault fault = model -> {
            throw new IllegalStateException("injected");
        };
        try (Harness h = new Harness(state, Harness.settings(StreamConfig.ERRORS_RECORD, "fail"), true, fault)) {
            StreamsException stopped = assertThrows(StreamsException.class, () -> h.send("m", GOOD));
            assertTrue(RecordFailedException.causedBy(stopped), stopped.toString());
            assertTrue(h.deadLetters().isEmpty());
        }
    }

    @Test
    void underTheFailPolicyABadRecordIsStillDeadLettered() {
        try (Harness h = new Harness(state, Harness.settings(StreamConfig.ERRORS_RECORD, "fail"))) {
            h.send("m", "not json");
            assertEquals("malformed-json", onlyDeadLetter(h).get("reason").asText());
        }
    }

    @Test
    void everyDeadLetterFitsItsTopicAtTheLargestSettings() {
        long largest = DeadLetterWriter.maxSize(StreamConfig.MAX_MODEL_KEY_BYTES / 16,
                StreamConfig.MAX_DEAD_LETTER_VALUE_BYTES, TopicCatalog.EXAMPLES.length());
        assertTrue(largest < TOPIC_LIMIT, "bound " + largest);
        DeadLetterWriter writer = new DeadLetterWriter(1024, StreamConfig.MAX_DEAD_LETTER_VALUE_BYTES);
        byte[] key = new byte[70_000];
        byte[] value = new byte[2_000_000];
        Arrays.fill(value, (byte) 0xFF);
        String everyByteEscaped = "\u0001".repeat(100_000);
        byte[] letter = writer.write(new BadRecordException(Reason.WRONG_TYPE, everyByteEscaped, everyByteEscaped),
                TopicCatalog.EXAMPLES, 0, 0, key, value, 0);
        assertTrue(letter.length + 1024 <= largest, letter.length + " > bound " + largest);
    }

    @Test
    void aDeadLetterValueLimitThatCannotFitItsTopicIsRefusedNamingTheSetting() {
        StreamConfig config = StreamConfig.fromProperties(Harness.settings(StreamConfig.MAX_KEY_BYTES, "16384",
                StreamConfig.DEAD_LETTER_VALUE_BYTES, "524288"), java.util.Map.of());
        TopicCatalog small = TopicCatalog.of(List.of(new TopicSpec(TopicCatalog.DEAD_LETTERS, 1, (short) 1,
                java.util.Map.of("max.message.bytes", "600000"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupChecks.checkDeadLetterSize(config, small));
        assertTrue(e.getMessage().startsWith(StreamConfig.DEAD_LETTER_VALUE_BYTES), e.getMessage());
    }

    @Test
    void maxFeaturesWhoseModelCannotBeStoredIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Harness(state,
                Harness.settings(StreamConfig.MAX_FEATURES, "4096")));
        assertTrue(e.getMessage().startsWith(StreamConfig.MAX_FEATURES + "=4096"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theSnapshotSizeOfALargeModelIsPredictedExactly() {
        StreamConfig config = StreamConfig.defaults();
        KeyedModel model = KeyedModel.create("k", config.learnerSpec(), config.labels(), FeatureLayout.positional(57),
                ModelStore.INTERVAL_ROUNDING, config.newDrift(null), null);
        assertEquals(KeyedModelCodec.encode(model).length, StartupChecks.snapshotBytes(config, null, 57));
    }

    @Test
    void aTopicOutputIsNeverLargerThanItsLimitForTheLargestValidRecord() {
        String id = "i".repeat(ExampleParser.MAX_ID_CHARS);
        try (Harness h = new Harness(state, Harness.settings())) {
            h.send("k".repeat(1024), "{\"id\":\"" + id + "\",\"features\":[1,2],\"label\":1}");
            for (TestOutputTopic<byte[], byte[]> topic : List.of(h.predictions, h.deadLetters)) {
                topic.readKeyValuesToList().forEach(kv -> assertTrue(kv.value.length + kv.key.length < TOPIC_LIMIT));
            }
        }
    }

    /** The model of key "m" as a restore from {@code h}'s changelog loads it, in a fresh driver. */
    private byte[] changelogModel(Harness h) {
        java.util.Map<Bytes, byte[]> table = h.changelogTable();
        try (Harness fresh = new Harness(state.resolve("restored-" + System.identityHashCode(h)),
                Harness.settings())) {
            fresh.restore(table);
            return KeyedModelCodec.encode(fresh.storedModel("m"));
        }
    }

    private static JsonNode onlyDeadLetter(Harness h) {
        List<JsonNode> letters = h.deadLetters();
        assertEquals(1, letters.size(), letters.toString());
        return letters.get(0);
    }

    private static JsonNode read(byte[] value) {
        try {
            return Harness.JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    }
}
