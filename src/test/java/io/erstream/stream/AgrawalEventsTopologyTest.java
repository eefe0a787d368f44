package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.eval.AgrawalEvents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar of event records through the real topology: Agrawal's attributes as string categories with 10% of
 * fields absent are learnt as well as the same stream one-hot encoded by hand, and no well-formed event is
 * dead-lettered.
 */
class AgrawalEventsTopologyTest {

    private static final int N = 8_000;

    @TempDir
    Path stateDir;

    @Test
    void eventRecordsLearnAsWellAsTheSameStreamOneHotEncodedByHand() {
        try (Harness h = new Harness(stateDir, Harness.settings())) {
            AgrawalEvents stream = new AgrawalEvents(N, 1, 8, 0.1);
            while (stream.next()) {
                h.sendBytes("events", stream.event());
                h.sendBytes("by-hand", stream.oneHot());
            }
            List<JsonNode> predictions = h.predictions();

            assertEquals(List.of(), h.deadLetters());
            double events = accuracy(predictions, "events");
            double byHand = accuracy(predictions, "by-hand");
            assertTrue(Math.abs(events - byHand) <= 0.01, "events " + events + ", by hand " + byHand);
            assertTrue(events > 0.9, "events " + events);
        }
    }

    private static double accuracy(List<JsonNode> predictions, String model) {
        long right = 0;
        long all = 0;
        for (JsonNode p : predictions) {
            if (p.get("model").asText().equals(model)) {
                all++;
                right += p.get("prediction").asText().equals(p.get("label").asText()) ? 1 : 0;
            }
        }
        assertEquals(N, all);
        return (double) right / all;
    }
}
