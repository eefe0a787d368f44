package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.learn.LearnerSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingPublicationsTest {

    private final PendingPublications pending = new PendingPublications();
    private final KeyedModel a = model("a");
    private final KeyedModel b = model("b");

    @Test
    void aModelChangedManyTimesIsPublishedOnce() {
        pending.mark(a, PendingPublications.VIEW);
        pending.mark(a, PendingPublications.VIEW);
        pending.mark(a, PendingPublications.VIEW | PendingPublications.METRICS);
        assertEquals(List.of("a"), drained(PendingPublications.VIEW));
    }

    @Test
    void modelsArePublishedInTheOrderTheyFirstChanged() {
        pending.mark(b, PendingPublications.VIEW);
        pending.mark(a, PendingPublications.VIEW);
        pending.mark(b, PendingPublications.VIEW);
        assertEquals(List.of("b", "a"), drained(PendingPublications.VIEW));
    }

    @Test
    void drainingOnePublicationLeavesTheOthersOwed() {
        pending.mark(a, PendingPublications.VIEW | PendingPublications.MODELS);
        pending.mark(b, PendingPublications.VIEW);
        assertEquals(List.of("a", "b"), drained(PendingPublications.VIEW));
        assertEquals(List.of(), drained(PendingPublications.VIEW));
        assertEquals(List.of("a"), drained(PendingPublications.MODELS));
        assertEquals(List.of(), drained(PendingPublications.MODELS));
    }

    @Test
    void aModelChangedAgainAfterItsPublicationIsOwedAgain() {
        pending.mark(a, PendingPublications.METRICS);
        drained(PendingPublications.METRICS);
        pending.mark(a, PendingPublications.METRICS);
        assertEquals(List.of("a"), drained(PendingPublications.METRICS));
    }

    @Test
    void aRemovedModelOwesNothingOfAnyKindAndReturnsWhatItOwed() {
        pending.mark(a, PendingPublications.VIEW | PendingPublications.MODELS);
        pending.mark(b, PendingPublications.MODELS);
        assertEquals(PendingPublications.VIEW | PendingPublications.MODELS, pending.remove(a));
        assertEquals(List.of(), drained(PendingPublications.VIEW));
        assertEquals(List.of("b"), drained(PendingPublications.MODELS));
    }

    @Test
    void clearForgetsEveryOwedPublication() {
        pending.mark(a, PendingPublications.VIEW | PendingPublications.METRICS);
        pending.clear();
        assertEquals(List.of(), drained(PendingPublications.VIEW));
        pending.mark(a, PendingPublications.METRICS);
        assertEquals(List.of("a"), drained(PendingPublications.METRICS));
        assertEquals(List.of(), drained(PendingPublications.VIEW));
    }

    private List<String> drained(int flag) {
        List<String> keys = new ArrayList<>();
        pending.drain(flag, model -> keys.add(model.key()));
        return keys;
    }

    private static KeyedModel model(String key) {
        return KeyedModel.create(key, LearnerSpec.classifier(2), List.of("x", "y"), FeatureLayout.positional(2),
                ModelStore.INTERVAL_ROUNDING);
    }
}
