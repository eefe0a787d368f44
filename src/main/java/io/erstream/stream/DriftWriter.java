package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.erstream.drift.DriftResponse;
import io.erstream.drift.DriftState;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code erstream.drift} values (schema {@code topics/schemas/erstream.drift.schema.json}):
 * <pre>{"model","detector","level":"warning"|"drift","statistic","sourcePartition","sourceOffset","timestamp","modelVersion","action"}</pre>
 * for the example that made the model's detector fire. {@code modelVersion} is the version after that example was
 * learnt (the model the policy left in place); {@code timestamp} is the example's event time.
 */
final class DriftWriter {

    private final JsonOutput out = new JsonOutput();

    byte[] write(KeyedModel model, int partition, long offset, long timestamp) {
        DriftResponse drift = model.drift();
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("model", model.key());
            g.writeStringField("detector", drift.detector().name());
            g.writeStringField("level", drift.state() == DriftState.DRIFT ? "drift" : "warning");
            double statistic = drift.detector().statistic();
            g.writeNumberField("statistic", Double.isFinite(statistic) ? statistic : 0.0); // schema: a number
            g.writeNumberField("sourcePartition", partition);
            g.writeNumberField("sourceOffset", offset);
            g.writeNumberField("timestamp", Math.max(0, timestamp));
            g.writeNumberField("modelVersion", model.version());
            g.writeStringField("action", drift.action());
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
