package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code erstream.topic.labels} set empty: labels come only inline, and every task reads the examples topic alone, so
 * Kafka Streams has no co-partitioned labels partition to wait on or to check before each record.
 */
class InlineLabelsOnlyTest {

    private static final long T0 = DelayedLabelsTest.T0;

    @TempDir
    Path state;

    private static StreamConfig inlineOnly() {
        return StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_LABELS, ""), Map.of());
    }

    private Harness harness(String name, String labelsTopic) {
        return new Harness(state.resolve(name), Harness.settings(StreamConfig.TOPIC_LABELS, labelsTopic));
    }

    @Test
    void theTopologyReadsTheExamplesTopicAlone() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology s : ErstreamTopology.build(inlineOnly()).describe().subtopologies()) {
            for (TopologyDescription.Node node : s.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        assertEquals(Set.of(TopicCatalog.EXAMPLES), topics);
    }

    @Test
    void nothingWaitsForALabelThatCannotCome() {
        assertEquals(Duration.ZERO, StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_LABELS, "",
                StreamConfig.LABELS_RETENTION_MS, "60000"), Map.of()).labelsRetention());
    }

    @Test
    void aBlankLabelsTopicFromTheEnvironmentMeansInlineLabelsOnly() {
        StreamConfig config = StreamConfig.fromProperties(new java.util.Properties(),
                Map.of("ERSTREAM_TOPIC_LABELS", "   "));

        assertFalse(config.delayedLabels());
        assertEquals(Duration.ZERO, config.labelsRetention());
    }

    @Test
    void aRetentionOutOfRangeIsRefusedEvenWithoutALabelsTopic() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamConfig.fromProperties(
                Harness.settings(StreamConfig.TOPIC_LABELS, "", StreamConfig.LABELS_RETENTION_MS, "-1"), Map.of()));
        assertTrue(e.getMessage().contains(StreamConfig.LABELS_RETENTION_MS), e.getMessage());
    }

    @Test
    void anUnlabelledExampleIsPredictedAndNotKept() {
        try (Harness h = harness("unlabelled", "")) {
            DelayedLabelsTest.example(h, "k", "e1", "[3,1]", "1", T0);
            DelayedLabelsTest.example(h, "k", "e2", "[1,2]", null, T0 + 1);
            List<JsonNode> predictions = h.predictions();
            assertEquals(List.of("e1", "e2"), predictions.stream().map(p -> p.get("id").asText()).toList());
            assertEquals(0, DelayedLabelsTest.waitingExamples(h));
        }
    }

    @Test
    void aLabelSentToTheExamplesTopicIsOneDeadLetterNamingFeaturesAndTheModelIsUntouched() {
        try (Harness h = harness("stray-label", "")) {
            DelayedLabelsTest.example(h, "k", "e1", "[3,1]", "1", T0);
            byte[] before = KeyedModelCodec.encode(h.storedModel("k"));
            h.examples.pipeInput("k".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "{\"id\":\"e1\",\"label\":0}".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0 + 1);
            List<JsonNode> letters = h.deadLetters();
            assertEquals(1, letters.size());
            assertEquals("missing-field", letters.get(0).get("reason").asText());
            assertEquals("features", letters.get(0).get("field").asText());
            assertEquals(1, h.predictions().size());
            assertArrayEquals(before, KeyedModelCodec.encode(h.storedModel("k")));
        }
    }

    @Test
    void inlineLabelsTeachTheModelWhatTheyTeachBesideALabelsTopic() {
        byte[][] models = new byte[2][];
        List<List<String>> predictions = new java.util.ArrayList<>();
        String[] labelsTopics = {TopicCatalog.LABELS, ""};
        for (int run = 0; run < 2; run++) {
            try (Harness h = harness("run" + run, labelsTopics[run])) {
                for (int i = 0; i < 40; i++) {
                    DelayedLabelsTest.example(h, "k", "e" + i, "[" + (i % 7) + "," + (i % 3 - 1) + "]",
                            i % 5 == 4 ? null : Integer.toString(i % 2), T0 + i);
                }
                predictions.add(h.predictions().stream().map(JsonNode::toString).toList());
                models[run] = KeyedModelCodec.encode(h.storedModel("k"));
            }
        }
        assertEquals(predictions.get(0), predictions.get(1));
        assertArrayEquals(models[0], models[1]);
    }

    @Test
    void onlyTheExamplesTopicMustExist() {
        assertDoesNotThrow(() -> StartupChecks.checkCoPartitioned(inlineOnly(), Map.of(TopicCatalog.EXAMPLES, 4)));
    }

    @Test
    void aMissingExamplesTopicIsRefusedNamingItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupChecks.checkCoPartitioned(inlineOnly(), Map.of()));
        assertEquals("input topic erstream.examples (erstream.topic.examples) does not exist; create it (`erstream "
                + "topics --apply`)", e.getMessage());
    }
}
