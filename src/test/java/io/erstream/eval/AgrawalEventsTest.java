package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What an Agrawal event record holds, with and without its label. */
class AgrawalEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theUnlabelledEventAndItsLabelRecordMakeUpTheLabelledEvent() throws IOException {
        AgrawalEvents events = new AgrawalEvents(50, 3, 8, 0.1);
        while (events.next()) {
            ObjectNode whole = (ObjectNode) JSON.readTree(events.event());
            JsonNode unlabelled = JSON.readTree(events.unlabelled());
            JsonNode label = JSON.readTree(events.label());
            assertEquals(whole.get("id"), label.get("id"));
            assertEquals(whole.remove("label"), label.get("label"));
            assertEquals(whole, unlabelled);
        }
    }

    @Test
    void withBooleansAnEventSaysWhetherACommissionIsPaidWheneverTheCommissionIsPresent() throws IOException {
        AgrawalEvents events = new AgrawalEvents(200, 3, 8, 0.1).withBooleans();
        int paid = 0;
        int unpaid = 0;
        while (events.next()) {
            JsonNode features = JSON.readTree(events.event()).get("features");
            assertEquals(features.has("commission"), features.has("commissioned"), features.toString());
            if (features.has("commission")) {
                boolean commissioned = features.get("commissioned").booleanValue();
                assertEquals(features.get("commission").doubleValue() > 0, commissioned);
                paid += commissioned ? 1 : 0;
                unpaid += commissioned ? 0 : 1;
            }
        }
        assertTrue(paid > 0 && unpaid > 0, "both values occur: " + paid + " / " + unpaid);
    }

    @Test
    void withoutBooleansTheEventsAreThoseTheMeasurementsUse() throws IOException {
        AgrawalEvents plain = new AgrawalEvents(50, 3, 8, 0.1);
        while (plain.next()) {
            assertFalse(JSON.readTree(plain.event()).get("features").has("commissioned"));
        }
    }
}
