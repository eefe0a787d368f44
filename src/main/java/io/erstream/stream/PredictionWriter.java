package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.erstream.learn.Argmax;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code erstream.predictions} values:
 * <pre>{"id","model","prediction","probabilities"|"value","label"?,"modelVersion","sourcePartition","sourceOffset","latencyMs"}</pre>
 * Class names that are integer literals are written as JSON numbers, others as strings; the predicted class is
 * the most probable (ties to the lowest index, as in the prequential metrics).
 */
final class PredictionWriter {

    private final JsonOutput out = new JsonOutput();

    /** The prediction the model just made (read from its scratch) for {@code example}. */
    byte[] write(String id, KeyedModel model, Example example, long modelVersion, int partition, long offset,
                 long latencyMs) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("model", model.key());
            if (model.classifier()) {
                classification(g, model, example);
            } else {
                g.writeNumberField("prediction", model.value());
                g.writeNumberField("value", model.value());
                if (example.labelled) {
                    g.writeNumberField("label", example.target);
                }
            }
            g.writeNumberField("modelVersion", modelVersion);
            g.writeNumberField("sourcePartition", partition);
            g.writeNumberField("sourceOffset", offset);
            g.writeNumberField("latencyMs", Math.max(0, latencyMs));
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void classification(JsonGenerator g, KeyedModel model, Example example) throws IOException {
        LabelSet labels = model.labels();
        double[] p = model.probabilities();
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
