package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A prediction-shaped JSON value that no model made: the same fields and about the same bytes as
 * {@link PredictionWriter}'s, with a constant answer. The baselines that erstream is measured against
 * ({@link PassThroughTopology}, {@link FloorTopology}) write it, so that writing and storing the predictions costs
 * them what it costs erstream. Not thread-safe: one per processor.
 */
final class UninformedPrediction {

    private final List<String> labels;
    private final JsonOutput out = new JsonOutput();

    UninformedPrediction(List<String> labels) {
        this.labels = labels;
    }

    /** The prediction for {@code parsed}, an example of model {@code key} read at {@code source}. */
    byte[] write(ParsedExample parsed, String key, RecordMetadata source, long latencyMs) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("id", parsed.id);
            g.writeStringField("model", key);
            g.writeStringField("prediction", labels.get(0));
            g.writeObjectFieldStart("probabilities");
            double total = labels.size() * (labels.size() + 1) / 2.0; // 1/3, 2/3: full-length doubles
            for (int k = 0; k < labels.size(); k++) {
                g.writeNumberField(labels.get(k), (k + 1) / total);
            }
            g.writeEndObject();
            if (parsed.labelKind == ParsedExample.LabelKind.INTEGER) {
                g.writeFieldName("label");
                g.writeNumber(parsed.labelText);
            } else if (parsed.labelled()) {
                g.writeStringField("label", parsed.labelText);
            }
            g.writeNumberField("modelVersion", 0L);
            g.writeNumberField("sourcePartition", source.partition());
            g.writeNumberField("sourceOffset", source.offset());
            g.writeNumberField("latencyMs", Math.max(0, latencyMs));
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
