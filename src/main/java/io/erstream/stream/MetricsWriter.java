package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.erstream.eval.PrequentialMetrics;
import io.erstream.eval.RegressionMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code erstream.metrics} values:
 * <pre>{"model","examples","accuracy","rollingAccuracy","kappa","logLoss","updatesRefused","driftDetections","modelVersion","timestamp"}</pre>
 * Undefined figures (no example yet, classification figures of a regressor) are null. Regressors add
 * {@code "rmse","mae","rollingRmse"}. {@code driftDetections} is 0 for models without a detector (regressors,
 * {@code erstream.drift.detector=none}).
 */
final class MetricsWriter {

    private final JsonOutput out = new JsonOutput();

    byte[] write(KeyedModel model, long timestamp) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("model", model.key());
            if (model.classifier()) {
                PrequentialMetrics m = model.classification();
                g.writeNumberField("examples", m.examples());
                JsonOutput.number(g, "accuracy", m.accuracy());
                JsonOutput.number(g, "rollingAccuracy", m.rollingAccuracy());
                JsonOutput.number(g, "kappa", m.kappa());
                JsonOutput.number(g, "logLoss", m.logLoss());
            } else {
                RegressionMetrics m = model.regression();
                g.writeNumberField("examples", m.examples());
                for (String field : new String[] {"accuracy", "rollingAccuracy", "kappa", "logLoss"}) {
                    g.writeNullField(field);
                }
                JsonOutput.number(g, "rmse", m.rmse());
                JsonOutput.number(g, "mae", m.mae());
                JsonOutput.number(g, "rollingRmse", m.rollingRmse());
            }
            g.writeNumberField("updatesRefused", model.refused());
            g.writeNumberField("driftDetections", model.driftDetections());
            g.writeNumberField("modelVersion", model.version());
            g.writeNumberField("timestamp", timestamp);
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
