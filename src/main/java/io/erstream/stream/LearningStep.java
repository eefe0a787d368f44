package io.erstream.stream;

/**
 * What one {@link KeyedModel#testThenTrain} did: whether the learner took the update (a refused update is counted
 * and still advances the model's sequence), whether the drift detector's verdict deserves an event (a drift, or
 * the first warning of a run), and how long the prediction and the update took. The step fills it and returns it;
 * the caller owns it and hands the same one to every step, so learning allocates nothing per record. The
 * prediction itself stays readable on the model ({@link KeyedModel#probabilities()}, {@link KeyedModel#value()}).
 */
final class LearningStep {

    boolean accepted;
    boolean driftReportable;
    long predictNanos;
    long updateNanos;
}
