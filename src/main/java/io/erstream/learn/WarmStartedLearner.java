package io.erstream.learn;

/**
 * An online learner behind a frozen hidden layer: each input is mapped to its H activations, and the inner learner
 * (a warm start's output learner, possibly drift-aware) predicts and learns on those. This is the warm-started
 * model of {@code evaluate --warm-start}; the stream's keyed models apply the same layer themselves, because their
 * drift state and snapshots hold the output learner directly. No allocation per example.
 */
public final class WarmStartedLearner implements OnlineLearner {

    private final HiddenLayer hidden;
    private final OnlineLearner output;
    private final double[] activations;

    public WarmStartedLearner(HiddenLayer hidden, OnlineLearner output) {
        if (output.dimension() != hidden.hidden()) {
            throw new IllegalArgumentException("the output learner reads " + output.dimension()
                    + " inputs; the hidden layer writes " + hidden.hidden());
        }
        this.hidden = hidden;
        this.output = output;
        this.activations = new double[hidden.hidden()];
    }

    public OnlineLearner output() {
        return output;
    }

    @Override
    public int dimension() {
        return hidden.dimension();
    }

    @Override
    public int classes() {
        return output.classes();
    }

    @Override
    public Task task() {
        return output.task();
    }

    @Override
    public void predictProba(double[] x, double[] out) {
        hidden.activate(x, activations);
        output.predictProba(activations, out);
    }

    @Override
    public double predictValue(double[] x) {
        hidden.activate(x, activations);
        return output.predictValue(activations);
    }

    @Override
    public boolean learnOne(double[] x, int label) {
        hidden.activate(x, activations);
        return output.learnOne(activations, label);
    }

    @Override
    public boolean learnOne(double[] x, double target) {
        hidden.activate(x, activations);
        return output.learnOne(activations, target);
    }

    @Override
    public long updates() {
        return output.updates();
    }

    @Override
    public long refused() {
        return output.refused();
    }
}
