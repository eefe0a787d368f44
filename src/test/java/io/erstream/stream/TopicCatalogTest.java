package io.erstream.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicCatalogTest {

    private final TopicCatalog bundled = TopicCatalog.bundled();

    @Test
    void everyOutputTopicDeclaresItsLargestMessage() {
        bundled.topics().stream().filter(t -> !t.name().equals(TopicCatalog.EXAMPLES)
                && !t.name().equals(TopicCatalog.LABELS)).forEach(t ->
                assertTrue(t.configs().containsKey("max.message.bytes"), t.name()));
    }

    @Test
    void theBundledCatalogDeclaresExactlyTheEightNamedTopics() {
        List<String> names = bundled.topics().stream().map(TopicSpec::name).toList();
        assertEquals(List.of(TopicCatalog.EXAMPLES, TopicCatalog.LABELS, TopicCatalog.PREDICTIONS, TopicCatalog.METRICS,
                TopicCatalog.MODELS, TopicCatalog.DRIFT, TopicCatalog.MODEL_EVENTS, TopicCatalog.DEAD_LETTERS), names);
    }

    @Test
    void labelsAreDeclaredCoPartitionedWithTheExamples() {
        assertEquals(bundled.topic(TopicCatalog.EXAMPLES).partitions(), bundled.topic(TopicCatalog.LABELS).partitions());
    }

    @Test
    void theModelsTopicIsCompactedAndAcceptsLargeSnapshots() {
        TopicSpec models = bundled.topic(TopicCatalog.MODELS);
        assertEquals("compact", models.configs().get("cleanup.policy"));
        assertTrue(Integer.parseInt(models.configs().get("max.message.bytes")) >= 8 * 1024 * 1024);
    }

    @Test
    void examplesHaveFourPartitionsAndSevenDaysRetention() {
        TopicSpec examples = bundled.topic(TopicCatalog.EXAMPLES);
        assertEquals(4, examples.partitions());
        assertEquals("604800000", examples.configs().get("retention.ms"));
    }

    @Test
    void topicsKeyedByModelShareOnePartitionCount() {
        int examples = bundled.topic(TopicCatalog.EXAMPLES).partitions();
        assertEquals(examples, bundled.topic(TopicCatalog.PREDICTIONS).partitions());
        assertEquals(examples, bundled.topic(TopicCatalog.MODELS).partitions());
    }

    @Test
    void deadLettersAreKeptLongerThanExamples() {
        long deadLetters = Long.parseLong(bundled.topic(TopicCatalog.DEAD_LETTERS).configs().get("retention.ms"));
        long examples = Long.parseLong(bundled.topic(TopicCatalog.EXAMPLES).configs().get("retention.ms"));
        assertTrue(deadLetters > examples);
    }

    @Test
    void replicationFactorDefaultsToOneAndTheOverrideReplacesIt() {
        assertTrue(bundled.topics().stream().allMatch(t -> t.replicationFactor() == 1));
        TopicCatalog raised = bundled.withReplicationFactor((short) 3);
        assertTrue(raised.topics().stream().allMatch(t -> t.replicationFactor() == 3));
    }

    @Test
    void aTopicMayDeclareItsOwnReplicationFactor() {
        TopicCatalog catalog = TopicCatalog.parse("""
                defaults: {replicationFactor: 2}
                topics:
                  - {name: a, partitions: 1}
                  - {name: b, partitions: 1, replicationFactor: 3}
                """, "test");
        assertEquals(2, catalog.topic("a").replicationFactor());
        assertEquals(3, catalog.topic("b").replicationFactor());
    }

    @Test
    void numericConfigValuesAreReadAsTheirText() {
        TopicCatalog catalog = TopicCatalog.parse("""
                topics:
                  - name: t
                    partitions: 1
                    configs: {retention.ms: 2592000000, min.cleanable.dirty.ratio: 0.1}
                """, "test");
        assertEquals("2592000000", catalog.topic("t").configs().get("retention.ms"));
        assertEquals("0.1", catalog.topic("t").configs().get("min.cleanable.dirty.ratio"));
    }

    @Test
    void aMissingPartitionCountNamesTheTopicAndTheField() {
        String message = rejected("""
                topics:
                  - name: erstream.examples
                    configs: {retention.ms: 1}
                """);
        assertTrue(message.contains("'erstream.examples'") && message.contains("'partitions'"), message);
    }

    @Test
    void aNonNumericPartitionCountNamesTheTopicAndTheValue() {
        String message = rejected("""
                topics:
                  - {name: erstream.drift, partitions: many}
                """);
        assertTrue(message.contains("'erstream.drift'") && message.contains("'many'"), message);
    }

    @Test
    void aMisspeltFieldIsRejectedRatherThanIgnored() {
        String message = rejected("""
                topics:
                  - {name: erstream.drift, partitions: 1, partiton: 4}
                """);
        assertTrue(message.contains("'erstream.drift'") && message.contains("'partiton'"), message);
    }

    @Test
    void aTopicWithoutANameIsReportedByPosition() {
        String message = rejected("""
                topics:
                  - {name: a, partitions: 1}
                  - {partitions: 1}
                """);
        assertTrue(message.contains("topics[1]") && message.contains("'name'"), message);
    }

    @Test
    void aTopicNameKafkaWouldRefuseIsRejectedWithKafkasReason() {
        String message = rejected("""
                topics:
                  - {name: erstream predictions, partitions: 1}
                """);
        assertTrue(message.startsWith("bad.yaml: topic 'erstream predictions': not a legal topic name")
                && message.contains("ASCII alphanumerics"), message);
    }

    @Test
    void aDuplicateTopicIsRejected() {
        String message = rejected("""
                topics:
                  - {name: a, partitions: 1}
                  - {name: a, partitions: 2}
                """);
        assertTrue(message.contains("'a'") && message.contains("twice"), message);
    }

    @Test
    void malformedYamlIsReportedAsSuchWithItsSource() {
        String message = rejected("topics: [ {name: a, partitions: 1 ");
        assertTrue(message.startsWith("bad.yaml: not valid YAML"), message);
    }

    private static String rejected(String yaml) {
        return assertThrows(InvalidTopicCatalogException.class, () -> TopicCatalog.parse(yaml, "bad.yaml"))
                .getMessage();
    }
}
