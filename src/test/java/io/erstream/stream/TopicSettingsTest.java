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
            .map(StreamConfig.Definition::name).filter(name -> name.startsWith("erstream.topic.")).toList();

    @Test
    void everyTopicSettingIsDeclaredAsATopic() {
        assertEquals(8, TOPIC_SETTINGS.size(), TOPIC_SETTINGS.toString());
        for (StreamConfig.Definition d : StreamConfig.definitions()) {
            if (TOPIC_SETTINGS.contains(d.name())) {
                assertEquals(StreamConfig.Type.TOPIC, d.type(), d.name());
            }
        }
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
    void aNameOfTheLongestLegalLengthIsAccepted() {
        String longest = "t".repeat(249);
        assertEquals(longest, StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_DRIFT, longest),
                Map.of()).driftTopic());
    }

    @Test
    void aNameOfEveryKindOfLegalCharacterIsAccepted() {
        String name = "abcxyz.ABCXYZ_0189-...__--";
        assertEquals(name, StreamConfig.fromProperties(Harness.settings(StreamConfig.TOPIC_PREDICTIONS, name),
                Map.of()).predictionsTopic());
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
        String spaced = refused(StreamConfig.APPLICATION_ID, "fraud scoring");
        assertTrue(spaced.startsWith(StreamConfig.APPLICATION_ID + ": 'fraud scoring' cannot name the changelog "
                + "topic 'fraud scoring-erstream-"), spaced);
        assertTrue(refused(StreamConfig.APPLICATION_ID, "team/app").contains("'team/app'"));
        String tooLong = "a".repeat(249 - "-erstream-models-changelog".length());
        String message = refused(StreamConfig.APPLICATION_ID, tooLong);
        assertTrue(message.contains("'" + tooLong + "-erstream-pending-labels-changelog'") && message.contains("249"),
                "the labels store's changelog name is the longer one: " + message);
    }

    @Test
    void anApplicationIdWhoseChangelogsAreLegalIsAccepted() {
        String longest = "a".repeat(249 - "-erstream-pending-labels-changelog".length());
        assertEquals(longest.length(), StreamConfig.MAX_APPLICATION_ID, "the limit README's table states");
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
