package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Labels delayed by any amount of record time, as long as they come in their examples' order, teach every model
 * exactly what inline labels teach: learner, drift detector and feature encoder byte for byte — on event records
 * whose fields, categories and missing values appear as the stream goes, so that the encoder grows while labels
 * are still on their way.
 */
class DelayedLabelsProperties {

    private static final String[] KEYS = {"k0", "k1", "k2"};
    private static final long T0 = DelayedLabelsTest.T0;

    /** One input record: an example (with or without its label) or a label, at a record time. */
    private record Input(long at, int order, boolean label, String key, byte[] value) {
    }

    @Property(tries = 10)
    void delaysThatKeepTheOrderLeaveTheLearningStateOfTheInlineRun(@ForAll long seed,
                                                                    @ForAll @IntRange(min = 0, max = 5_000)
                                                                    int maxDelay,
                                                                    @ForAll @IntRange(min = 1, max = 400) int spacing)
            throws IOException {
        List<String> records = EventRecords.of(240, seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<Input> inline = new ArrayList<>();
        List<Input> delayed = new ArrayList<>();
        long lastLabel = Long.MIN_VALUE;
        for (int i = 0; i < records.size(); i++) {
            String key = KEYS[i % KEYS.length];
            long at = T0 + (long) i * spacing;
            ObjectNode example = (ObjectNode) Harness.JSON.readTree(records.get(i));
            inline.add(new Input(at, 2 * i, false, key, bytes(example)));
            JsonNode label = example.remove("label");
            delayed.add(new Input(at, 2 * i, false, key, bytes(example)));
            if (label != null && !label.isNull()) {
                lastLabel = Math.max(lastLabel, at + random.nextInt(maxDelay + 1)); // never before an earlier one
                delayed.add(new Input(lastLabel, 2 * i + 1, true, key, bytes(Harness.JSON.createObjectNode()
                        .put("id", example.get("id").asText()).set("label", label))));
            }
        }
        delayed.sort(Comparator.comparingLong(Input::at).thenComparingInt(Input::order));

        Path dir = Files.createTempDirectory("delayed-labels");
        try (Harness once = new Harness(dir.resolve("inline"), new java.util.Properties());
             Harness later = new Harness(dir.resolve("delayed"), new java.util.Properties())) {
            send(once, inline);
            send(later, delayed);
            assertEquals(List.of(), later.deadLetters());
            for (String key : KEYS) {
                KeyedModel expected = once.storedModel(key);
                KeyedModel actual = later.storedModel(key);
                assertArrayEquals(LearningState.of(expected), LearningState.of(actual), key);
                assertEquals(expected.classification().examples(), actual.classification().examples(), key);
            }
        }
    }

    private static byte[] bytes(JsonNode json) throws IOException {
        return Harness.JSON.writeValueAsBytes(json);
    }

    private static void send(Harness harness, List<Input> inputs) {
        for (Input input : inputs) {
            byte[] key = input.key().getBytes(StandardCharsets.UTF_8);
            (input.label() ? harness.labels : harness.examples).pipeInput(key, input.value(), input.at());
        }
    }
}
