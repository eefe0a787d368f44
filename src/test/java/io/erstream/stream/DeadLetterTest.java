package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad record goes to the dead letters with its reason, the field and the record named, and its raw bytes; it
 * never touches the model, and the next good record is processed normally.
 */
class DeadLetterTest {

    private static final String GOOD_0 = "{\"id\":\"g0\",\"features\":[1,2],\"label\":1}";
    private static final String GOOD_1 = "{\"id\":\"g1\",\"features\":[-1,0.5],\"label\":0}";
    private static final String NEXT = "{\"id\":\"next\",\"features\":[0.5,0.5],\"label\":1}";

    @TempDir
    Path stateDir;
    private Harness h;

    @BeforeEach
    void start() {
        h = new Harness(stateDir, Harness.settings(StreamConfig.MAX_RECORD_BYTES, "300"));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"id\":\"x\",\"features\":[1,2", "malformed-json", "$", "JSON"),
                Arguments.of("not an object", "[1,2]", "wrong-type", "$", "object"),
                Arguments.of("missing features", "{\"id\":\"x\",\"label\":1}", "missing-field", "features", "features"),
                Arguments.of("missing id", "{\"features\":[1,2],\"label\":1}", "missing-field", "id", "id"),
                Arguments.of("wrong feature count", "{\"id\":\"x\",\"features\":[1,2,3],\"label\":1}",
                        "wrong-feature-count", "features", "features"),
                Arguments.of("overflowing number", "{\"id\":\"x\",\"features\":[1e999,2],\"label\":1}",
                        "non-finite", "features[0]", "features[0]"),
                Arguments.of("NaN as a string", "{\"id\":\"x\",\"features\":[1,\"NaN\"],\"label\":1}",
                        "wrong-type", "features[1]", "features[1]"),
                Arguments.of("features not a list", "{\"id\":\"x\",\"features\":\"1,2\",\"label\":1}",
                        "wrong-type", "features", "features"),
                Arguments.of("unknown label", "{\"id\":\"x\",\"features\":[1,2],\"label\":7}",
                        "unknown-label", "label", "'7'"),
                Arguments.of("boolean label", "{\"id\":\"x\",\"features\":[1,2],\"label\":true}",
                        "wrong-type", "label", "label"),
                Arguments.of("decimal class label", "{\"id\":\"x\",\"features\":[1,2],\"label\":0.5}",
                        "wrong-type", "label", "label"),
                Arguments.of("named features for a positional model", "{\"id\":\"x\",\"features\":{\"a\":1,\"b\":2}}",
                        "wrong-type", "features", "features"),
                Arguments.of("oversized record", "{\"id\":\"" + "x".repeat(400) + "\",\"features\":[1,2]}",
                        "oversized", "value", "300"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void aBadRecordIsDeadLetteredAndLeavesTheModelUntouched(String name, String bad, String reason, String field,
                                                            String mentioned) {
        h.send("m", GOOD_0);
        h.send("m", GOOD_1);
        byte[] before = KeyedModelCodec.encode(h.storedModel("m"));
        h.predictions();

        h.send("m", bad);
        byte[] after = KeyedModelCodec.encode(h.storedModel("m"));
        h.send("m", NEXT);

        List<JsonNode> letters = h.deadLetters();
        assertEquals(1, letters.size());
        JsonNode letter = letters.get(0);
        assertEquals(reason, letter.get("reason").asText());
        assertEquals(field, letter.get("field").asText());
        String error = letter.get("error").asText();
        assertTrue(error.contains(mentioned), error);
        assertTrue(error.contains("erstream.examples-0@2"), error);
        assertEquals("erstream.examples", letter.get("sourceTopic").asText());
        assertEquals(2, letter.get("sourceOffset").asLong());
        assertArrayEquals(bad.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(letter.get("value").asText()));
        assertArrayEquals("m".getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(letter.get("key").asText()));
        assertArrayEquals(before, after, "the model is untouched");
        List<JsonNode> predictions = h.predictions();
        assertEquals(1, predictions.size(), "only the next good record is predicted");
        assertEquals("next", predictions.get(0).get("id").asText());
        assertEquals(2, predictions.get(0).get("modelVersion").asLong());
        assertEquals(3, h.storedModel("m").sequence());
    }

    @Test
    void aBadFirstRecordCreatesNoModel() {
        h.send("fresh", "{\"id\":\"x\",\"features\":[1,2],\"label\":\"spam\"}");
        h.send("fresh", "{\"id\":\"y\",\"features\":[1,2,3],\"label\":1}");

        assertEquals("unknown-label", h.deadLetters().get(0).get("reason").asText());
        assertEquals(3, h.storedModel("fresh").dimension(), "the first good record fixed the dimension");
        assertEquals(0, h.predictions().get(0).get("modelVersion").asLong());
    }

    @Test
    void aRecordWithoutKeyIsDeadLetteredWithANullKey() {
        h.send(null, GOOD_0);
        JsonNode letter = h.deadLetters().get(0);
        assertEquals("missing-field", letter.get("reason").asText());
        assertEquals("key", letter.get("field").asText());
        assertTrue(letter.get("key").isNull());
    }

    @Test
    void aNamedValueOfAnotherKindThanItsFieldIsDeadLetteredNamingTheField() {
        h.send("n", "{\"id\":\"1\",\"features\":{\"a\":1,\"b\":\"x\"},\"label\":1}");
        h.send("n", "{\"id\":\"2\",\"features\":{\"a\":\"one\",\"b\":\"y\"},\"label\":1}");
        h.send("n", "{\"id\":\"3\",\"features\":{\"a\":{\"nested\":1}},\"label\":1}");
        h.send("n", "{\"id\":\"4\",\"features\":{\"b\":\"z\",\"c\":true},\"label\":0}");

        List<JsonNode> letters = h.deadLetters();
        assertEquals(2, letters.size());
        assertEquals("wrong-type", letters.get(0).get("reason").asText());
        assertEquals("features.a", letters.get(0).get("field").asText());
        assertTrue(letters.get(0).get("error").asText().contains("is a number in model 'n', got a string"));
        assertEquals("wrong-type", letters.get(1).get("reason").asText());
        assertEquals("features.a", letters.get(1).get("field").asText());
        assertTrue(letters.get(1).get("error").asText().contains("got an object"));
        assertEquals(2, h.storedModel("n").sequence());
    }
}
