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
    private final double[] lastInput; // the input the activations are of (prequential: learn follows predict)
    private boolean activationsCurrent;

    public WarmStartedLearner(HiddenLayer hidden, OnlineLearner output) {
        if (output.dimension() != hidden.hidden()) {
            throw new IllegalArgumentException("the output learner reads " + output.dimension()
                    + " inputs; the hidden layer writes " + hidden.hidden());
        }
        this.hidden = hidden;
        this.output = output;
        this.activations = new double[hidden.hidden()];
        this.lastInput = new double[hidden.dimension()];
    }

    /** The activations of {@code x}, reused when {@code x} is the input just predicted (d compares, not d·H). */
    private double[] activate(double[] x) {
        if (!activationsCurrent || !java.util.Arrays.equals(x, lastInput)) {
            hidden.activate(x, activations);
            System.arraycopy(x, 0, lastInput, 0, lastInput.length);
            activationsCurrent = true;
        }
        return activations;
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
        output.predictProba(activate(x), out);
    }

    @Override
    public double predictValue(double[] x) {
        return output.predictValue(activate(x));
    }

    @Override
    public boolean learnOne(double[] x, int label) {
        return output.learnOne(activate(x), label);
    }

    @Override
    public boolean learnOne(double[] x, double target) {
        return output.learnOne(activate(x), target);
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
