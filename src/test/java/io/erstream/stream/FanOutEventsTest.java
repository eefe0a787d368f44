package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both listeners hear every event, in order, with its arguments; no event of the interface is left out. */
class FanOutEventsTest {

    /** Writes down each call it hears. */
    private static final class Transcript implements LearningEvents {
        final List<String> calls = new ArrayList<>();

        @Override
        public void example(String model) {
            calls.add("example " + model);
        }

        @Override
        public void prediction(String model, long nanos) {
            calls.add("prediction " + model + " " + nanos);
        }

        @Override
        public void update(String model, long nanos, boolean refused) {
            calls.add("update " + model + " " + nanos + " " + refused);
        }

        @Override
        public void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
            calls.add("handled " + model + " " + predictNanos + " " + learnt + " " + updateNanos + " " + refused);
        }

        @Override
        public void deadLetter(String reason) {
            calls.add("deadLetter " + reason);
        }

        @Override
        public void outputRefused(String topic, boolean resumed) {
            calls.add("outputRefused " + topic + " " + resumed);
        }

        @Override
        public void processingFailure(String exception) {
            calls.add("processingFailure " + exception);
        }

        @Override
        public void modelQuality(String model, double rollingAccuracy, double logLoss) {
            calls.add("modelQuality " + model + " " + rollingAccuracy + " " + logLoss);
        }

        @Override
        public void modelExpired(String model) {
            calls.add("modelExpired " + model);
        }

        @Override
        public void unlabelledExpired(String model) {
            calls.add("unlabelledExpired " + model);
        }

        @Override
        public void drift(String model, String detector) {
            calls.add("drift " + model + " " + detector);
        }
    }

    @Test
    void bothListenersHearEveryEventWithItsArguments() {
        Transcript first = new Transcript();
        Transcript second = new Transcript();
        LearningEvents events = new FanOutEvents(first, second);

        events.example("a");
        events.prediction("a", 1);
        events.update("a", 2, true);
        events.handled("a", 3, true, 4, false);
        events.deadLetter("malformed");
        events.outputRefused("t", false);
        events.processingFailure("E");
        events.modelQuality("a", 0.9, 0.2);
        events.modelExpired("a");
        events.unlabelledExpired("a");
        events.drift("a", "adwin");

        List<String> expected = List.of("example a", "prediction a 1", "update a 2 true", "handled a 3 true 4 false",
                "deadLetter malformed", "outputRefused t false", "processingFailure E", "modelQuality a 0.9 0.2",
                "modelExpired a", "unlabelledExpired a", "drift a adwin");
        assertEquals(expected, first.calls);
        assertEquals(expected, second.calls);
    }

    @Test
    void everyEventOfTheInterfaceIsForwarded() throws NoSuchMethodException {
        for (Method event : LearningEvents.class.getDeclaredMethods()) {
            if (Modifier.isStatic(event.getModifiers())) {
                continue;
            }
            Method forwarded = FanOutEvents.class.getMethod(event.getName(), event.getParameterTypes());
            assertEquals(FanOutEvents.class, forwarded.getDeclaringClass(),
                    "FanOutEvents does not forward " + event.getName() + Arrays.toString(event.getParameterTypes()));
        }
    }
}
