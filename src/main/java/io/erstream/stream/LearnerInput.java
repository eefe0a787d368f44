package io.erstream.stream;

import io.erstream.learn.WarmStart;

/**
 * How a model's record features become what its learner reads: as they are, encoded by the model's
 * {@link FeatureEncoder} (named event features), or through its warm start's hidden layer. The one home of that
 * choice, for the learning model and for a view that predicts for queries; each holds its own, since it owns the
 * buffer it maps into. Not thread-safe.
 */
final class LearnerInput {

    private final FeatureEncoder encoder; // null: not a model of named event features
    private final WarmStart warmStart; // null: a linear model
    private final double[] buffer; // the encoded inputs or the activations; null when the features go as they are

    /** @throws IllegalArgumentException for an encoder and a warm start together (encoded models start linear) */
    LearnerInput(FeatureEncoder encoder, WarmStart warmStart) {
        if (encoder != null && warmStart != null) {
            throw new IllegalArgumentException("a model of encoded features cannot start from a warm start");
        }
        this.encoder = encoder;
        this.warmStart = warmStart;
        this.buffer = encoder != null ? new double[encoder.inputs()]
                : warmStart != null ? new double[warmStart.hidden()] : null;
    }

    /**
     * The learner's input for features {@code x}: this object's buffer (valid until the next call), or {@code x}
     * itself. Reads the encoder's state and never changes it.
     */
    double[] map(double[] x) {
        if (encoder != null) {
            encoder.encode(x, buffer);
            return buffer;
        }
        if (warmStart == null) {
            return x;
        }
        if (x.length != warmStart.dimension()) {
            throw new IllegalArgumentException("expected " + warmStart.dimension() + " features, got " + x.length);
        }
        warmStart.hiddenLayer().activate(x, buffer);
        return buffer;
    }
}
