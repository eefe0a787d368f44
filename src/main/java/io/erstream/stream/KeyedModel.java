package io.erstream.stream;

import io.erstream.drift.DriftResponse;
import io.erstream.eval.PrequentialMetrics;
import io.erstream.eval.RegressionMetrics;
import io.erstream.learn.Argmax;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.Task;
import io.erstream.learn.WarmStart;
import java.util.List;

/**
 * Everything erstream keeps for one model key: the learner, how records map onto it (feature layout, class
 * names), its prequential evaluation and counters. {@link #testThenTrain} is the only way its state changes, and
 * both live processing and journal replay go through it, which is what makes a restored model bit-identical to
 * the live one. Not thread-safe: the stream thread owns it; readers get a {@link ModelView}.
 */
public final class KeyedModel {

    /** Sliding window of the rolling accuracy / RMSE. */
    static final int METRICS_WINDOW = 1000;

    private final String key;
    private OnlineReflection learner; // replaced by a reset-model or warn-then-swap drift policy
    private final WarmStart warmStart; // shared and immutable: its hidden layer feeds the learner; null: linear
    private final DriftResponse drift; // classifiers with a detector only, else null
    private final FeatureLayout layout;
    private final LabelSet labels; // classifiers only
    private final PrequentialMetrics classification; // classifiers only
    private final RegressionMetrics regression; // regressors only
    private int snapshotEvery; // fixed before the first update (see snapshotEvery(int))
    private long sequence;
    private long lastTimestamp;
    /** Flags of {@link PendingPublications}: stream-thread bookkeeping, not model state (never persisted). */
    int pendingPublications;

    // scratch, owned by the stream thread
    private final double[] input;
    private final FeatureEncoder encoder; // named features' encoding, or null
    private final LearnerInput learnerInput; // what the learner reads for the features
    private final double[] probabilities;
    private double value;

    KeyedModel(String key, OnlineReflection learner, FeatureLayout layout, LabelSet labels,
               PrequentialMetrics classification, RegressionMetrics regression, int snapshotEvery,
               long sequence, long lastTimestamp, DriftResponse drift) {
        this(key, learner, layout, labels, classification, regression, snapshotEvery, sequence, lastTimestamp, drift,
                null);
    }

    KeyedModel(String key, OnlineReflection learner, FeatureLayout layout, LabelSet labels,
               PrequentialMetrics classification, RegressionMetrics regression, int snapshotEvery,
               long sequence, long lastTimestamp, DriftResponse drift, WarmStart warmStart) {
        if (warmStart != null && (learner.dimension() != warmStart.hidden()
                || layout.dimension() != warmStart.dimension())) {
            throw new IllegalArgumentException("model '" + key + "': a warm start " + warmStart.dimension() + " → "
                    + warmStart.hidden() + " cannot feed a learner of " + learner.dimension() + " inputs from "
                    + layout.dimension() + " features");
        }
        this.warmStart = warmStart;
        this.key = key;
        this.learner = learner;
        this.drift = drift;
        this.layout = layout;
        this.labels = labels;
        this.classification = classification;
        this.regression = regression;
        this.snapshotEvery = snapshotEvery;
        this.sequence = sequence;
        this.lastTimestamp = lastTimestamp;
        this.input = new double[layout.dimension()];
        this.encoder = layout.encoder();
        if (encoder != null && (warmStart != null || learner.dimension() != encoder.inputs())) {
            throw new IllegalArgumentException("model '" + key + "': an encoder of " + encoder.inputs()
                    + " inputs cannot feed a learner of " + learner.dimension() + (warmStart != null
                    ? " behind a warm start" : ""));
        }
        this.learnerInput = new LearnerInput(encoder, warmStart);
        this.probabilities = new double[classifier() ? labels.size() : 1];
    }

    /** A fresh model shaped by its first record; {@code snapshotEvery} is fixed here for the model's life. */
    static KeyedModel create(String key, LearnerSpec spec, List<String> classNames, FeatureLayout layout,
                             int snapshotEvery) {
        return create(key, spec, classNames, layout, snapshotEvery, null);
    }

    /** As {@link #create(String, LearnerSpec, List, FeatureLayout, int)}, watched by {@code drift} (or null). */
    static KeyedModel create(String key, LearnerSpec spec, List<String> classNames, FeatureLayout layout,
                             int snapshotEvery, DriftResponse drift) {
        return create(key, spec, classNames, layout, snapshotEvery, drift, null);
    }

    /**
     * As above, started from {@code warmStart} when it is not null: the learner is a copy of its output learner
     * behind its shared hidden layer, learning by {@code spec}. A first record whose feature count is not the warm
     * start's input dimension is a bad record (it would shape the key's layout), so nothing is created.
     */
    static KeyedModel create(String key, LearnerSpec spec, List<String> classNames, FeatureLayout layout,
                             int snapshotEvery, DriftResponse drift, WarmStart warmStart) {
        boolean classifier = spec.task() == Task.CLASSIFICATION;
        if (drift != null && !classifier) {
            throw new IllegalArgumentException("drift detection watches misclassifications: classifiers only");
        }
        if (warmStart != null && layout.dimension() != warmStart.dimension()) {
            throw new BadRecordException(Reason.WRONG_FEATURE_COUNT, "features", "field 'features' has "
                    + layout.dimension() + " values; model '" + key + "' starts from a warm start of "
                    + warmStart.dimension() + " features");
        }
        OnlineReflection learner = warmStart == null ? new OnlineReflection(spec, layout.inputs())
                : warmStart.learner(spec);
        return new KeyedModel(key, learner, layout,
                classifier ? LabelSet.of(classNames) : null,
                classifier ? new PrequentialMetrics(spec.classes(), METRICS_WINDOW) : null,
                classifier ? null : new RegressionMetrics(METRICS_WINDOW),
                snapshotEvery, 0, 0, drift, warmStart);
    }

    /**
     * Maps a parsed record onto this model into {@code out}; throws {@link BadRecordException} naming the field.
     * Touches only scratch buffers, never model state.
     */
    void bind(ParsedExample parsed, long recordTimestamp, Example out) {
        layout.map(parsed, input, key);
        out.features = input;
        out.parsed = encoder == null ? null : parsed;
        out.timestamp = parsed.hasTimestamp ? parsed.timestamp : recordTimestamp;
        out.labelled = parsed.labelled();
        out.scored = null;
        if (out.labelled) {
            bindLabel(labels, parsed, out);
        }
    }

    /**
     * Maps {@code parsed}'s label onto a model of class names {@code labels} (null: a regressor) into {@code out};
     * throws {@link BadRecordException} naming the field for a label such a model cannot learn.
     */
    static void bindLabel(LabelSet labels, ParsedExample parsed, Example out) {
        if (labels != null) {
            out.classIndex = labels.classOf(parsed);
        } else {
            if (parsed.labelKind == ParsedExample.LabelKind.STRING) {
                throw new BadRecordException(Reason.WRONG_TYPE, "label",
                        "field 'label' must be a number for a regressor, got the string '" + parsed.labelText + "'");
            }
            if (!Double.isFinite(parsed.labelNumber)) {
                throw new BadRecordException(Reason.NON_FINITE, "label",
                        "field 'label' is not a finite double: " + parsed.labelText);
            }
            out.target = parsed.labelNumber;
        }
    }

    /**
     * Dates a new model by the event time of the record that creates it, so that a model that has not learnt yet
     * has an age too (erstream.model.ttl.ms). Only before its first update.
     */
    void startedAt(long timestamp) {
        if (sequence != 0) {
            throw new IllegalStateException("model '" + key + "' has learnt already");
        }
        lastTimestamp = timestamp;
    }

    /** Scores without learning: fills {@link #probabilities()} or {@link #value()}. */
    void predict(double[] x) {
        predictMapped(learnerInput.map(x));
    }

    /** Scores the learner's input {@code in} (features already mapped by {@link #learnerInput}). */
    private void predictMapped(double[] in) {
        if (classifier()) {
            learner.predictProba(in, probabilities);
        } else {
            value = learner.predictValue(in);
        }
    }

    /**
     * The one state transition (test, then train): predicts, scores the prediction against the label, lets the drift
     * detector judge it (and the policy act on the learner), learns, advances the sequence. The metrics score
     * {@code e.scored} instead when it is set (a delayed label: the prediction made at its example's event time);
     * the detector always judges the prediction made here, so that learner and detector evolve as with the label
     * inline. The prediction stays readable in {@link #probabilities()} / {@link #value()}; what the step did
     * (accepted or refused — a refusal is counted in the learner and still advances the sequence, because it is
     * state that replay must reproduce — whether it is worth a drift event, how long it took) goes into
     * {@code step}, which is returned.
     */
    LearningStep testThenTrain(Example e, LearningStep step) {
        if (encoder != null) {
            encoder.learn(e.features); // fields, categories and means this record brings, before it is encoded
            if (e.parsed != null && (sequence + 1) % snapshotEvery == 0) {
                encoder.name(e.parsed); // a step persisted as a snapshot, never replayed
            }
        }
        long start = System.nanoTime();
        double[] in = learnerInput.map(e.features);
        predictMapped(in);
        long predicted = System.nanoTime();
        step.predictNanos = predicted - start;
        boolean accepted;
        if (classifier()) {
            classification.record(e.classIndex, e.scored == null ? probabilities : e.scored);
            if (drift != null) {
                learner = drift.observe(predictedClass() != e.classIndex, learner);
                drift.trainBackground(in, e.classIndex);
            }
            accepted = learner.learnOne(in, e.classIndex);
        } else {
            regression.record(e.target, e.scored == null ? value : e.scored[0]);
            accepted = learner.learnOne(in, e.target);
        }
        sequence++;
        lastTimestamp = e.timestamp;
        step.accepted = accepted;
        step.driftReportable = drift != null && drift.reportable();
        step.updateNanos = System.nanoTime() - predicted;
        return step;
    }

    /** {@link #testThenTrain(Example, LearningStep)} for a caller that does not keep the outcome. */
    LearningStep testThenTrain(Example e) {
        return testThenTrain(e, new LearningStep());
    }

    /** The most probable class of the last prediction, ties to the lowest index (as the metrics score it). */
    private int predictedClass() {
        return Argmax.of(probabilities);
    }

    /** Reports the latest rolling quality to {@code events} (classifiers; regressors report nothing yet). */
    void reportQuality(LearningEvents events) {
        if (classifier()) {
            events.modelQuality(key, classification.rollingAccuracy(), classification.logLoss());
        }
    }

    boolean snapshotDue() {
        return sequence % snapshotEvery == 0;
    }

    public String key() {
        return key;
    }

    public boolean classifier() {
        return labels != null;
    }

    /** The model version: accepted updates (what predictions report as {@code modelVersion}). */
    public long version() {
        return learner.updates() + (drift == null ? 0 : drift.retiredUpdates());
    }

    /** Updates refused by the learner, including learners a drift policy replaced. */
    public long refused() {
        return learner.refused() + (drift == null ? 0 : drift.retiredRefused());
    }

    /** Drifts detected for this model (0 without a detector). */
    public long driftDetections() {
        return drift == null ? 0 : drift.detector().detections();
    }

    /** The drift detector's name, or {@code none}. */
    public String detectorName() {
        return drift == null ? "none" : drift.detector().name();
    }

    /** The drift policy's label, or {@code none} without a detector. */
    public String driftPolicyName() {
        return drift == null ? "none" : drift.policy().label();
    }

    /** The drift state (null without a detector). */
    DriftResponse drift() {
        return drift;
    }

    /** Labelled examples applied, accepted or refused: the journal sequence number of the last one. */
    public long sequence() {
        return sequence;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /**
     * Sets the snapshot interval of a new model, before its first update: the interval is sized from the model's
     * own encoded size, so a new model is built once, encoded to measure it, then given its interval (the encoded
     * size does not depend on it).
     */
    void snapshotEvery(int interval) {
        if (sequence != 0 || interval < 1) {
            throw new IllegalStateException("model '" + key + "': the snapshot interval is fixed before the first "
                    + "update and positive (sequence " + sequence + ", interval " + interval + ")");
        }
        this.snapshotEvery = interval;
    }

    public int snapshotEvery() {
        return snapshotEvery;
    }

    public int dimension() {
        return layout.dimension();
    }

    OnlineReflection learner() {
        return learner;
    }

    /** The warm start this model's learner sits behind, or null for a linear model. */
    WarmStart warmStart() {
        return warmStart;
    }

    FeatureLayout layout() {
        return layout;
    }

    LabelSet labels() {
        return labels;
    }

    PrequentialMetrics classification() {
        return classification;
    }

    RegressionMetrics regression() {
        return regression;
    }

    /** The model's input buffer (length = dimension): where bind and replay put features. */
    double[] input() {
        return input;
    }

    double[] probabilities() {
        return probabilities;
    }

    double value() {
        return value;
    }
}
