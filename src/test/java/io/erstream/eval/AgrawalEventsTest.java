package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** An event sent without its label, and the label sent apart, make up the labelled event again. */
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
}
