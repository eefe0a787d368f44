package io.erstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.Task;
import io.erstream.learn.WarmStart;
import java.util.List;

/**
 * An immutable, thread-safe summary of one model for interactive queries (the HTTP layer reads these while the
 * stream thread keeps learning). It holds the model's encoded state; {@link #predictProba} answers from a private
 * decoded copy, without touching the live model; the copy's scratch buffers are guarded by this view's lock.
 */
public final class ModelView {

    private static final ObjectMapper RECORD = new ObjectMapper();
    /** The upper bound of {@code erstream.max.features}: a query cannot bring more fields than a model holds. */
    private static final int MOST_FEATURES = 4096;

    private final String key;
    private final Task task;
    private final List<String> featureNames;
    private final List<String> classes;
    private final long version;
    private final long examples;
    private final long refused;
    private final long lastTimestamp;
    private final int dimension;
    private final long driftDetections;
    private final String detector;
    private final String driftPolicy;
    private final byte[] state;
    private final WarmStart warmStart; // shared with the live model: its hidden layer feeds the predictor
    private final boolean encoded;
    private OnlineReflection predictor;
    private FeatureEncoder encoder; // guarded by this: the decoded copy's, for /predict
    private LearnerInput learnerInput; // guarded by this

    ModelView(KeyedModel model) {
        this.key = model.key();
        this.task = model.learner().spec().task();
        this.featureNames = model.layout().names();
        this.classes = model.classifier() ? model.labels().names() : List.of();
        this.version = model.version();
        this.examples = model.sequence();
        this.refused = model.refused();
        this.lastTimestamp = model.lastTimestamp();
        this.encoded = model.layout().encoder() != null;
        this.dimension = model.layout().inputs();
        this.driftDetections = model.driftDetections();
        this.detector = model.detectorName();
        this.driftPolicy = model.driftPolicyName();
        this.state = KeyedModelCodec.encode(model);
        this.warmStart = model.warmStart();
    }

    /**
     * The learner, decoded from {@link #state} on first use: most views are never asked to predict, and keeping
     * only the encoded state halves a view's memory (measured by {@code ModelMemoryProbe}).
     */
    private synchronized OnlineReflection predictor() {
        if (predictor == null) {
            KeyedModel copy = KeyedModelCodec.decode(state, warmStart);
            predictor = copy.learner();
            encoder = copy.layout().encoder();
            learnerInput = new LearnerInput(encoder, warmStart);
        }
        return predictor;
    }

    /** The predictor's input for {@code x} ({@link LearnerInput}). Call holding the lock. */
    private double[] predictorInput(double[] x) {
        predictor();
        return learnerInput.map(x);
    }

    /** {@code warm-start} for a model behind a warm start's hidden layer, {@code linear} otherwise. */
    public String model() {
        return warmStart == null ? "linear" : "warm-start";
    }

    /** Hidden units of the warm start (the output weights' inputs), or 0 for a linear model. */
    public int hidden() {
        return warmStart == null ? 0 : warmStart.hidden();
    }

    /** The warm start's fingerprint as hex, or null for a linear model. */
    public String warmStartFingerprint() {
        return warmStart == null ? null : WarmStart.hex(warmStart.fingerprint());
    }

    /** The whole keyed model in its store codec (learner, feature and label indexes, metrics): a copy. */
    public byte[] state() {
        return state.clone();
    }

    public String key() {
        return key;
    }

    public Task task() {
        return task;
    }

    /** The learner's inputs: the features, or the encoded inputs of a model of named event features. */
    public int dimension() {
        return dimension;
    }

    /** Whether the model encodes named event features ({@link #encoding()}, {@link #canonical}). */
    public boolean encoded() {
        return encoded;
    }

    /** The encoded layout, input by input (empty unless {@link #encoded()}). */
    public synchronized List<EncodedInput> encoding() {
        predictor();
        return encoder == null ? List.of() : encoder.describe();
    }

    /**
     * The canonical form of a {@code features} object for {@link #predictProba}, read exactly as a record's
     * (the same parser and encoder, without learning); throws {@link IllegalArgumentException} naming the field.
     */
    public synchronized double[] canonical(JsonNode features) {
        predictor();
        if (encoder == null) {
            throw new IllegalStateException("model '" + key + "' does not encode named features");
        }
        ParsedExample parsed = new ParsedExample();
        double[] x = new double[encoder.canonicalWidth()];
        try {
            new ExampleParser(MOST_FEATURES).parse(RECORD.writeValueAsBytes(
                    RECORD.createObjectNode().put("id", "predict").set("features", features)), parsed);
            if (!parsed.named) {
                throw new IllegalArgumentException("model '" + key + "' takes named features (an object)");
            }
            encoder.bind(parsed, x, key);
        } catch (BadRecordException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return x;
    }

    /** Feature names in index order; empty for positional (array) models. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Class names in index order; empty for regressors. */
    public List<String> classes() {
        return classes;
    }

    /** Accepted updates: the modelVersion predictions report. */
    public long version() {
        return version;
    }

    /** Labelled examples applied (accepted or refused). */
    public long examples() {
        return examples;
    }

    public long refused() {
        return refused;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Drifts the model's detector has detected (0 without one). */
    public long driftDetections() {
        return driftDetections;
    }

    /** The drift detector's name, or {@code none}. */
    public String detector() {
        return detector;
    }

    /** The drift policy's label, or {@code none} without a detector. */
    public String driftPolicy() {
        return driftPolicy;
    }

    /**
     * Weights, row-major (outputs × (1 + inputs)), bias first in each row, where the inputs are the features, or
     * the {@link #hidden()} activations of a warm-started model. A copy.
     */
    public double[] weights() {
        return predictor().weights();
    }

    /** Class probabilities for {@code x} (classifiers). */
    public double[] predictProba(double[] x) {
        double[] out = new double[classes.size()];
        synchronized (this) {
            predictor().predictProba(predictorInput(x), out);
        }
        return out;
    }

    /** The regression estimate for {@code x} (regressors). */
    public double predictValue(double[] x) {
        synchronized (this) {
            return predictor().predictValue(predictorInput(x));
        }
    }
}
