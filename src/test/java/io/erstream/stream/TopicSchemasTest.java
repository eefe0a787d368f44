package io.erstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schemas and examples shipped in {@code topics/} agree with each other and with the catalog. */
class TopicSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JSON_TOPICS = List.of(TopicCatalog.EXAMPLES, TopicCatalog.LABELS, TopicCatalog.PREDICTIONS,
            TopicCatalog.METRICS, TopicCatalog.DRIFT, TopicCatalog.MODEL_EVENTS, TopicCatalog.DEAD_LETTERS);

    @TestFactory
    Stream<DynamicTest> everyDeclaredTopicHasADraft2020Schema() {
        return TopicCatalog.bundled().topics().stream().map(TopicSpec::name).map(topic ->
                DynamicTest.dynamicTest(topic, () -> assertEquals(
                        "https://json-schema.org/draft/2020-12/schema", schema(topic).path("$schema").asText())));
    }

    @TestFactory
    Stream<DynamicTest> everyJsonTopicsExampleValidatesAgainstItsSchema() {
        return JSON_TOPICS.stream().map(topic -> DynamicTest.dynamicTest(topic, () ->
                assertEquals(List.of(), SchemaSubsetValidator.validate(schema(topic), example(topic)))));
    }

    @Test
    void theModelsTopicIsDocumentedAsBinaryAndHasNoJsonExample() {
        JsonNode schema = schema(TopicCatalog.MODELS);
        assertEquals("base64", schema.path("contentEncoding").asText());
        assertNull(resource("topics/examples/" + TopicCatalog.MODELS + ".json"));
    }

    @Test
    void anExampleMissingARequiredFieldFails() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.EXAMPLES);
        broken.remove("features");
        assertTrue(errors(TopicCatalog.EXAMPLES, broken).contains(": missing required property 'features'"));
    }

    @Test
    void aMisspeltFieldFailsInsteadOfSilentlyDroppingTheLabel() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.EXAMPLES);
        broken.set("lable", broken.remove("label"));
        assertTrue(errors(TopicCatalog.EXAMPLES, broken).contains("/lable: property not allowed"));
    }

    @Test
    void aFeatureVectorWithATextEntryFails() throws IOException {
        JsonNode broken = JSON.readTree("{\"id\": \"x\", \"features\": [1.0, \"two\"]}");
        assertFalse(SchemaSubsetValidator.validate(schema(TopicCatalog.EXAMPLES), broken).isEmpty());
    }

    @Test
    void aDriftLevelOutsideTheEnumFails() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.DRIFT);
        broken.put("level", "panic");
        assertEquals(1, SchemaSubsetValidator.validate(schema(TopicCatalog.DRIFT), broken).size());
    }

    @Test
    void aPredictionWithBothProbabilitiesAndValueFailsTheOneOf() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.PREDICTIONS);
        broken.put("value", 0.5);
        assertTrue(errors(TopicCatalog.PREDICTIONS, broken).contains("must match exactly one of oneOf"));
    }

    @Test
    void aNegativeOffsetFails() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.DEAD_LETTERS);
        broken.put("sourceOffset", -1);
        assertTrue(errors(TopicCatalog.DEAD_LETTERS, broken).contains("/sourceOffset"));
    }

    @Test
    void anAccuracyAboveOneFails() {
        ObjectNode broken = (ObjectNode) example(TopicCatalog.METRICS);
        broken.put("accuracy", 1.5);
        assertTrue(errors(TopicCatalog.METRICS, broken).contains("/accuracy"));
    }

    @Test
    void aSchemaKeywordTheValidatorDoesNotImplementIsRejected() throws IOException {
        JsonNode schema = JSON.readTree("{\"type\": \"string\", \"format\": \"email\"}");
        assertThrows(IllegalArgumentException.class,
                () -> SchemaSubsetValidator.validate(schema, JSON.readTree("\"b\"")));
    }

    private static String errors(String topic, JsonNode value) {
        return String.join("\n", SchemaSubsetValidator.validate(schema(topic), value));
    }

    static JsonNode schema(String topic) {
        return read("topics/schemas/" + topic + ".schema.json");
    }

    private static JsonNode example(String topic) {
        return read("topics/examples/" + topic + ".json");
    }

    private static JsonNode read(String path) {
        try (InputStream in = resource(path)) {
            assertNotNull(in, "missing classpath resource " + path);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        return TopicSchemasTest.class.getClassLoader().getResourceAsStream(path);
    }
}
