package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A label meets its example only if both topics have as many partitions: checked before the stream starts. */
class CoPartitioningTest {

    private final StreamConfig config = StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_LABELS,
            "late.labels"), Map.of());

    @Test
    void examplesAndLabelsOfTheSamePartitionCountPass() {
        assertDoesNotThrow(() -> StartupChecks.checkCoPartitioned(config, Map.of(TopicCatalog.EXAMPLES, 4,
                "late.labels", 4)));
    }

    @Test
    void differentPartitionCountsAreRefusedNamingBothTopicsAndCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupChecks.checkCoPartitioned(config, Map.of(TopicCatalog.EXAMPLES, 4, "late.labels", 2)));
        assertEquals("the examples topic erstream.examples has 4 partitions and the labels topic late.labels has 2: "
                + "they must have the same count (a label meets its example in the task of their common partition); "
                + "set erstream.topic.labels to a topic of 4 partitions", e.getMessage());
    }

    @Test
    void labelsOnTheExamplesTopicAreRefusedAtBuild() {
        StreamConfig same = StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_LABELS,
                TopicCatalog.EXAMPLES), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErstreamTopology.build(same));
        assertEquals("erstream.topic.labels=erstream.examples is also erstream.topic.examples: labels need a topic of "
                + "their own", e.getMessage());
    }

    @Test
    void aMissingLabelsTopicIsRefusedNamingItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupChecks.checkCoPartitioned(config, Map.of(TopicCatalog.EXAMPLES, 4)));
        assertEquals("input topic late.labels (erstream.topic.labels) does not exist; create it (`erstream topics "
                + "--apply`) with as many partitions as erstream.examples", e.getMessage());
    }
}
