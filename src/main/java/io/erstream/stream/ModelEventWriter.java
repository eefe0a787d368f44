package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code erstream.model-events} values (schema {@code topics/schemas/erstream.model-events.schema.json}):
 * <pre>{"event":"expired","model","streamTime","ttlMs"}</pre>
 * A model's life-cycle as downstream consumers need it: the {@code erstream.models} table gets a tombstone for the
 * same key at the same time, and this event says why.
 */
final class ModelEventWriter {

    private final JsonOutput out = new JsonOutput();

    byte[] expired(String model, long streamTime, long ttlMs) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("event", "expired");
            g.writeStringField("model", model);
            g.writeNumberField("streamTime", Math.max(0, streamTime));
            g.writeNumberField("ttlMs", ttlMs);
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
