package io.erstream.learn;

/**
 * The verbs every streaming learner offers, River-style: predict one, then learn one. Evaluation, the stream
 * processor and drift policies work against this, so a learner with a drift response or a nonlinear feature
 * layer drops in where plain online ER stands.
 */
public interface OnlineLearner {

    int dimension();

    /** Number of classes (classification) or 1 (regression). */
    int classes();

    Task task();

    /** Class probabilities into caller-owned {@code out} (length {@link #classes()}). */
    void predictProba(double[] x, double[] out);

    /** The regression prediction. */
    double predictValue(double[] x);

    /** Learns a labelled example; false if the update was refused (model untouched). */
    boolean learnOne(double[] x, int label);

    /** Learns a regression example; false if the update was refused (model untouched). */
    boolean learnOne(double[] x, double target);

    /**
     * The predicted class for these class probabilities: the most probable, ties to the lowest index. One rule for
     * every caller (scoring, drift detection, evaluation), so they never disagree on what was predicted.
     */
    static int predictedClass(double[] probabilities) {
        return Argmax.of(probabilities);
    }

    /** Updates applied: the model's version. */
    long updates();

    /** Updates refused because their result could not be finite. */
    long refused();
}
