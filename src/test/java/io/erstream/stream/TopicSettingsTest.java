package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every topic a setting names, and every changelog the application id names, is one Kafka would create. */
class TopicSettingsTest {

    /** The rule as README states it, written out independently of Kafka's code. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static final List<String> TOPIC_SETTINGS = StreamConfig.definitions().stream()
            .filter(d -> d.type() == StreamConfig.Type.TOPIC).map(StreamConfig.Definition::name).toList();

    @Test
    void everyTopicSettingIsDeclaredAsATopic() {
        assertEquals(List.of(StreamConfig.TOPIC_EXAMPLES, StreamConfig.TOPIC_PREDICTIONS, StreamConfig.TOPIC_METRICS,
                StreamConfig.TOPIC_MODELS, StreamConfig.TOPIC_DEAD_LETTERS, StreamConfig.TOPIC_DRIFT,
                StreamConfig.TOPIC_MODEL_EVENTS, StreamConfig.TOPIC_LABELS), TOPIC_SETTINGS);
    }

    @Test
    void aTopicNameKafkaRefusesIsAStartupErrorNamingTheSettingAndTheValue() {
        for (String key : TOPIC_SETTINGS) {
            for (String bad : List.of("my topic", "a/b", ".", "..", "predictions#1", "ümlaut", "x".repeat(250))) {
                String message = refused(key, bad);
                assertTrue(message.startsWith(key + ": '" + bad + "' cannot name a topic"), message);
            }
        }
    }

    @Test
    void aBadTopicNameFromTheEnvironmentIsRefusedAsFromAFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamConfig.fromProperties(
                Harness.settings(), Map.of("ERSTREAM_TOPIC_PREDICTIONS", "live predictions")));
        assertTrue(e.getMessage().startsWith(StreamConfig.TOPIC_PREDICTIONS + ": 'live predictions'"), e.getMessage());
    }

    @Test
    void theLongestLegalNameAndEveryLegalCharacterAreAccepted() {
        String longest = "t".repeat(249);
        assertEquals(longest, StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_DRIFT, longest),
                Map.of()).driftTopic());
        assertEquals("Team_A-1.predictions", StreamConfig.fromProperties(Harness.settings(
                StreamConfig.TOPIC_PREDICTIONS, "Team_A-1.predictions"), Map.of()).predictionsTopic());
    }

    @Test
    void onlyTheLabelsTopicMayBeEmpty() {
        for (String key : TOPIC_SETTINGS) {
            if (key.equals(StreamConfig.TOPIC_LABELS)) {
                assertFalse(StreamConfig.fromProperties(Harness.settings(key, ""), Map.of()).delayedLabels());
            } else {
                assertEquals(key + " must not be empty", refused(key, ""));
            }
        }
    }

    @Test
    void anApplicationIdThatCannotPrefixAChangelogTopicIsRefused() {
        String message = refused(StreamConfig.APPLICATION_ID, "fraud scoring");
        assertTrue(message.startsWith(StreamConfig.APPLICATION_ID + ": 'fraud scoring' cannot name the changelog "
                + "topic 'fraud scoring-erstream-"), message);
        assertTrue(refused(StreamConfig.APPLICATION_ID, "team/app").contains("'team/app'"));
        String tooLong = "a".repeat(249 - "-erstream-models-changelog".length());
        assertTrue(refused(StreamConfig.APPLICATION_ID, tooLong).contains("249"),
                "its labels store's changelog name is longer than the models store's");
    }

    @Test
    void anApplicationIdWhoseChangelogsAreLegalIsAccepted() {
        String longest = "a".repeat(249 - "-erstream-pending-labels-changelog".length());
        assertEquals(longest, StreamConfig.fromProperties(Harness.settings(StreamConfig.APPLICATION_ID, longest),
                Map.of()).applicationId());
    }

    @Property(tries = 400)
    void aTopicSettingIsAcceptedExactlyWhenItIsALegalTopicName(@ForAll("names") String name) {
        boolean legal = LEGAL.matcher(name).matches() && !name.equals(".") && !name.equals("..");
        boolean accepted;
        try {
            accepted = StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_METRICS, name), Map.of())
                    .metricsTopic().equals(name);
        } catch (IllegalArgumentException e) {
            accepted = false;
        }
        assertEquals(legal, accepted, "'" + name + "'");
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> short_ = Arbitraries.strings().withChars("ab.Z9_-/ ü#:").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> long_ = Arbitraries.strings().withChars("ab.-").ofMinLength(245).ofMaxLength(253);
        Arbitrary<String> dots = Arbitraries.of(".", "..", "...");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, short_), net.jqwik.api.Tuple.of(2, long_),
                net.jqwik.api.Tuple.of(1, dots));
    }

    private static String refused(String key, String value) {
        return assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.fromProperties(Harness.settings(key, value), Map.of())).getMessage();
    }
}
