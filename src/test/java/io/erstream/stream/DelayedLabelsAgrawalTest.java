package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.erstream.eval.AgrawalEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delayed-labels bar through the real topology: Agrawal event records (string categories, 10% of fields absent)
 * whose labels come 0–5 s later by record time through {@code erstream.labels} are learnt as well as with inline
 * labels (prequential accuracy within 0.5 point), every label is matched, and labels whose delays keep their
 * examples' order leave the learner, detector and encoder byte-identical to the inline run. Prints its numbers
 * (docs/results/event-features.md, "Delayed labels").
 */
class DelayedLabelsAgrawalTest {

    private static final int N = 20_000;
    private static final long T0 = DelayedLabelsTest.T0;
    private static final int MAX_DELAY_MS = 5_000;
    private static final String KEY = "events";

    @TempDir
    Path state;

    /** One record of a run: an example (with or without its label) or a label, at a record time. */
    private record Input(long at, int order, boolean label, byte[] value) {
    }

    /**
     * Agrawal function and event spacing: by default the hardest case measured (the weaker concept, the most
     * updates between an example and its label); {@code -Derstream.delayed-labels.all=true} runs the table.
     */
    static Stream<Arguments> cases() {
        Stream<Arguments> hardest = Stream.of(Arguments.of(3, 10));
        return Boolean.getBoolean("erstream.delayed-labels.all") ? Stream.concat(Stream.of(Arguments.of(8, 100),
                Arguments.of(8, 10), Arguments.of(3, 100)), hardest) : hardest;
    }

    @ParameterizedTest(name = "function {0}, one event every {1} ms")
    @MethodSource("cases")
    void labelsDelayedZeroToFiveSecondsLearnAsWellAsInlineLabels(int function, int spacingMs) {
        List<Input> inline = new ArrayList<>();
        List<Input> delayed = new ArrayList<>();
        List<Input> ordered = new ArrayList<>();
        Random delays = new Random(function * 31L + spacingMs);
        AgrawalEvents stream = new AgrawalEvents(N, 1, function, 0.1);
        long lastOrdered = Long.MIN_VALUE;
        for (int i = 0; stream.next(); i++) {
            long at = T0 + (long) i * spacingMs;
            byte[] event = stream.event();
            inline.add(new Input(at, 2 * i, false, event));
            ObjectNode example = json(event);
            JsonNode label = example.remove("label");
            byte[] unlabelled = bytes(example);
            byte[] labelRecord = bytes(Harness.JSON.createObjectNode().put("id", example.get("id").asText())
                    .set("label", label));
            long labelAt = at + delays.nextInt(MAX_DELAY_MS + 1);
            delayed.add(new Input(at, 2 * i, false, unlabelled));
            delayed.add(new Input(labelAt, 2 * i + 1, true, labelRecord));
            lastOrdered = Math.max(lastOrdered, labelAt);
            ordered.add(new Input(at, 2 * i, false, unlabelled));
            ordered.add(new Input(lastOrdered, 2 * i + 1, true, labelRecord));
        }
        delayed.sort(Comparator.comparingLong(Input::at).thenComparingInt(Input::order));
        ordered.sort(Comparator.comparingLong(Input::at).thenComparingInt(Input::order));

        Run once = run("inline", inline);
        Run later = run("delayed", delayed);
        Run inOrder = run("ordered", ordered);
        System.out.printf(Locale.ROOT, "agrawal-events function %d, %d events, one every %d ms, labels 0-%d ms later: "
                        + "inline accuracy %.4f, delayed %.4f (%+.2f points), labels matched %d of %d, dead letters "
                        + "%d; order-preserving delays: accuracy %.4f, learning state identical %s%n",
                function, N, spacingMs, MAX_DELAY_MS, once.accuracy, later.accuracy,
                100 * (later.accuracy - once.accuracy), later.learnt, N, later.deadLetters, inOrder.accuracy,
                java.util.Arrays.equals(once.learningState, inOrder.learningState));

        assertEquals(0, later.deadLetters);
        assertEquals(N, later.learnt, "every label matched");
        assertTrue(Math.abs(later.accuracy - once.accuracy) <= 0.005, "inline " + once.accuracy + ", delayed "
                + later.accuracy);
        assertArrayEquals(once.learningState, inOrder.learningState);
    }

    private record Run(double accuracy, long learnt, int deadLetters, byte[] learningState) {
    }

    private Run run(String name, List<Input> inputs) {
        try (Harness h = new Harness(state.resolve(name), Harness.settings())) {
            byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
            for (Input input : inputs) {
                (input.label() ? h.labels : h.examples).pipeInput(key, input.value(), input.at());
            }
            KeyedModel model = h.storedModel(KEY);
            return new Run(model.classification().accuracy(), model.classification().examples(),
                    h.deadLetters.readValuesToList().size(), LearningState.of(model));
        }
    }

    private static ObjectNode json(byte[] value) {
        try {
            return (ObjectNode) Harness.JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Harness.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
