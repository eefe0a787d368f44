package io.erstream.drift;

import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.Task;
import io.erstream.learn.WarmStart;
import java.util.Arrays;

/**
 * Online ER that knows when its world changed: a detector watches the prequential 0/1 error (each example is
 * scored by the prediction made before learning from it) and a {@link DriftPolicy} answers a detected drift.
 * The learner's adaptive memory tracks gradual change; the detector catches abrupt change the memory would
 * take a thousand examples to forget.
 *
 * <p>The policy itself is {@link DriftResponse}, shared with the stream's keyed models.
 *
 * <p>{@link #lastState()} tells the caller what the detector said about the last learnt example, so a stream
 * can publish drift events. Classification only: the error signal is a misclassification.
 */
public final class DriftAwareLearner implements OnlineLearner {

    private final LearnerSpec spec;
    private final int dimension;
    private final DriftResponse response;
    private OnlineReflection live;

    private final double[] lastInput;
    private final double[] scratch;
    private int lastPrediction = -1;
    private DriftState lastState = DriftState.STABLE;
    private long learnt;
    private java.util.function.LongConsumer onDrift = index -> { };

    public DriftAwareLearner(LearnerSpec spec, int dimension, DriftDetector detector, DriftPolicy policy) {
        this(new OnlineReflection(spec, dimension), null, detector, policy);
    }

    /**
     * Starts from {@code initial} (e.g. a warm start's output learner); replacement learners start from
     * {@code origin}'s output learner (null: from zero).
     */
    public DriftAwareLearner(OnlineReflection initial, WarmStart origin, DriftDetector detector,
                             DriftPolicy policy) {
        LearnerSpec spec = initial.spec();
        int dimension = initial.dimension();
        if (spec.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("drift detection watches misclassifications: classifiers only");
        }
        this.spec = spec;
        this.dimension = dimension;
        this.response = DriftResponse.fresh(detector, policy, origin);
        this.live = initial;
        this.lastInput = new double[dimension];
        this.scratch = new double[spec.classes()];
    }

    /** The measured default: HDDM-Bernstein (one-sided) with a covariance reset (see docs/results/online-er.md, drift detection). */
    public static DriftAwareLearner withDefaults(LearnerSpec spec, int dimension) {
        return new DriftAwareLearner(spec, dimension, HddmADetector.bernstein(), DriftPolicy.RESET_COVARIANCE);
    }

    @Override
    public void predictProba(double[] x, double[] out) {
        live.predictProba(x, out);
        lastPrediction = OnlineLearner.predictedClass(out);
        System.arraycopy(x, 0, lastInput, 0, dimension);
    }

    @Override
    public boolean learnOne(double[] x, int label) {
        int predicted = predictedClass(x);
        live = response.observe(predicted != label, live);
        lastState = response.state();
        if (lastState == DriftState.DRIFT) {
            onDrift.accept(learnt);
        }
        boolean accepted = live.learnOne(x, label);
        response.trainBackground(x, label);
        lastPrediction = -1;
        learnt++;
        return accepted;
    }

    private int predictedClass(double[] x) {
        if (lastPrediction >= 0 && Arrays.equals(x, lastInput)) {
            return lastPrediction;
        }
        live.predictProba(x, scratch);
        return OnlineLearner.predictedClass(scratch);
    }

    /** Called with the example's index (0-based, in learning order) each time a drift is detected. */
    public void onDrift(java.util.function.LongConsumer listener) {
        this.onDrift = listener;
    }

    /** What the detector said about the last learnt example. */
    public DriftState lastState() {
        return lastState;
    }

    /** Drifts detected so far. */
    public long detections() {
        return response.detector().detections();
    }

    public DriftDetector detector() {
        return response.detector();
    }

    public DriftPolicy policy() {
        return response.policy();
    }

    /** The model that predicts now (replaced by {@link DriftPolicy#RESET_MODEL} and swaps). */
    public OnlineReflection live() {
        return live;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int classes() {
        return spec.classes();
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public double predictValue(double[] x) {
        throw new IllegalStateException("a drift-aware learner classifies; it has no regression value");
    }

    @Override
    public boolean learnOne(double[] x, double target) {
        throw new IllegalStateException("a drift-aware learner classifies; learn with a class label");
    }

    /** Examples learnt by this wrapper (the live model's own counters restart when it is replaced). */
    @Override
    public long updates() {
        return learnt;
    }

    @Override
    public long refused() {
        return live.refused();
    }
}
