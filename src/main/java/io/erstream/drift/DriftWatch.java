package io.erstream.drift;

import io.erstream.learn.OnlineLearner;
import io.erstream.learn.Task;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A detector over any classifier's prequential 0/1 error, answering a detected drift with the classifier's own
 * covariance reset (docs/method.md §4). The general form of {@link DriftAwareLearner}'s default policy, for learners that
 * are not a single {@link io.erstream.learn.OnlineReflection} (the nonlinear learner resets every leaf).
 */
public final class DriftWatch implements OnlineLearner {

    private final OnlineLearner learner;
    private final Runnable reset;
    private final DriftDetector detector;
    private final double[] lastInput;
    private final double[] scratch;
    private int lastPrediction = -1;
    private long learnt;
    private LongConsumer onDrift = index -> { };

    public DriftWatch(OnlineLearner learner, Runnable reset, DriftDetector detector) {
        if (learner.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("drift detection watches misclassifications: classifiers only");
        }
        this.learner = learner;
        this.reset = reset;
        this.detector = detector;
        this.lastInput = new double[learner.dimension()];
        this.scratch = new double[learner.classes()];
    }

    /** Called with the example's index (0-based, in learning order) each time a drift is detected. */
    public void onDrift(LongConsumer listener) {
        this.onDrift = listener;
    }

    @Override
    public void predictProba(double[] x, double[] out) {
        learner.predictProba(x, out);
        lastPrediction = OnlineLearner.predictedClass(out);
        System.arraycopy(x, 0, lastInput, 0, lastInput.length);
    }

    @Override
    public boolean learnOne(double[] x, int label) {
        if (label < 0 || label >= learner.classes()) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + learner.classes() + ")");
        }
        int predicted = lastPrediction >= 0 && Arrays.equals(x, lastInput) ? lastPrediction : predict(x);
        if (detector.update(predicted != label ? 1.0 : 0.0) == DriftState.DRIFT) {
            reset.run();
            onDrift.accept(learnt);
        }
        lastPrediction = -1;
        learnt++;
        return learner.learnOne(x, label);
    }

    private int predict(double[] x) {
        learner.predictProba(x, scratch);
        return OnlineLearner.predictedClass(scratch);
    }

    @Override
    public int dimension() {
        return learner.dimension();
    }

    @Override
    public int classes() {
        return learner.classes();
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    public double predictValue(double[] x) {
        throw new IllegalStateException("a drift-watched learner classifies; it has no regression value");
    }

    @Override
    public boolean learnOne(double[] x, double target) {
        throw new IllegalStateException("a drift-watched learner classifies; learn with a class label");
    }

    @Override
    public long updates() {
        return learner.updates();
    }

    @Override
    public long refused() {
        return learner.refused();
    }
}
