package io.erstream.stream;

import io.erstream.drift.Detectors;
import io.erstream.learn.ModelCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a model learnt, as bytes: learner, drift detector, feature encoder, sequence and last event time — its
 * snapshot without the prequential metrics. A run with delayed labels scores the predictions made at event time,
 * so its metrics differ from an inline run's by design; everything that learns must not.
 */
final class LearningState {

    private LearningState() {
    }

    static byte[] of(KeyedModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(ModelCodec.encode(model.learner()));
            if (model.drift() != null) {
                Detectors.write(model.drift().detector(), out);
                out.writeByte(model.drift().state().ordinal());
                out.writeLong(model.drift().retiredUpdates());
            }
            if (model.layout().encoder() != null) {
                model.layout().encoder().writeTo(out);
            }
            out.writeLong(model.sequence());
            out.writeLong(model.lastTimestamp());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
