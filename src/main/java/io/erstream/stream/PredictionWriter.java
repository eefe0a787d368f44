package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.erstream.learn.Argmax;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code erstream.predictions} values:
 * <pre>{"id","model","prediction","probabilities"|"value","label"?,"modelVersion","sourcePartition","sourceOffset","latencyMs",
 *  "labelDelayMs"?}</pre>
 * Class names that are integer literals are written as JSON numbers, others as strings; the predicted class is
 * the most probable (ties to the lowest index, as in the prequential metrics).
 */
final class PredictionWriter {

    private static final long NO_DELAY = Long.MIN_VALUE;

    private final JsonOutput out = new JsonOutput();

    /** The prediction the model just made (read from its scratch) for {@code example}. */
    byte[] write(String id, KeyedModel model, Example example, long modelVersion, int partition, long offset,
                 long latencyMs) {
        return write(id, model, example, model.classifier() ? model.probabilities() : null, model.value(),
                modelVersion, partition, offset, latencyMs, NO_DELAY);
    }

    /**
     * The output of a delayed label: the prediction made at its example's event time ({@code scored}:
     * probabilities, or a regressor's value in [0], by model version {@code modelVersion}), the label, and
     * {@code labelDelayMs} from the example's event time to the label's time.
     */
    byte[] writeDelayed(String id, KeyedModel model, Example example, double[] scored, long modelVersion,
                        int partition, long offset, long latencyMs, long labelDelayMs) {
        return write(id, model, example, model.classifier() ? scored : null, scored[0], modelVersion, partition,
                offset, latencyMs, labelDelayMs);
    }

    private byte[] write(String id, KeyedModel model, Example example, double[] probabilities, double value,
                         long modelVersion, int partition, long offset, long latencyMs, long labelDelayMs) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("model", model.key());
            if (probabilities != null) {
                classification(g, model.labels(), probabilities, example);
            } else {
                g.writeNumberField("prediction", value);
                g.writeNumberField("value", value);
                if (example.labelled) {
                    g.writeNumberField("label", example.target);
                }
            }
            g.writeNumberField("modelVersion", modelVersion);
            g.writeNumberField("sourcePartition", partition);
            g.writeNumberField("sourceOffset", offset);
            g.writeNumberField("latencyMs", Math.max(0, latencyMs));
            if (labelDelayMs != NO_DELAY) {
                g.writeNumberField("labelDelayMs", labelDelayMs);
            }
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void classification(JsonGenerator g, LabelSet labels, double[] p, Example example)
            throws IOException {
        g.writeFieldName("prediction");
        className(g, labels, Argmax.of(p));
        g.writeObjectFieldStart("probabilities");
        for (int k = 0; k < p.length; k++) {
            g.writeNumberField(labels.name(k), p[k]);
        }
        g.writeEndObject();
        if (example.labelled) {
            g.writeFieldName("label");
            className(g, labels, example.classIndex);
        }
    }

    private static void className(JsonGenerator g, LabelSet labels, int k) throws IOException {
        if (labels.numeric(k)) {
            g.writeNumber(labels.name(k));
        } else {
            g.writeString(labels.name(k));
        }
    }
}
