package io.erstream.stream;

/**
 * Tells two listeners everything the processor reports, first then second, so that the metrics and the live page's
 * recorder hear the same events without either knowing of the other. It adds one virtual call per listener per
 * record and allocates nothing.
 */
public final class FanOutEvents implements LearningEvents {

    private final LearningEvents first;
    private final LearningEvents second;

    public FanOutEvents(LearningEvents first, LearningEvents second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void example(String model) {
        first.example(model);
        second.example(model);
    }

    @Override
    public void prediction(String model, long nanos) {
        first.prediction(model, nanos);
        second.prediction(model, nanos);
    }

    @Override
    public void update(String model, long nanos, boolean refused) {
        first.update(model, nanos, refused);
        second.update(model, nanos, refused);
    }

    @Override
    public void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
        first.handled(model, predictNanos, learnt, updateNanos, refused);
        second.handled(model, predictNanos, learnt, updateNanos, refused);
    }

    @Override
    public void deadLetter(String reason) {
        first.deadLetter(reason);
        second.deadLetter(reason);
    }

    @Override
    public void outputRefused(String topic, boolean resumed) {
        first.outputRefused(topic, resumed);
        second.outputRefused(topic, resumed);
    }

    @Override
    public void processingFailure(String exception) {
        first.processingFailure(exception);
        second.processingFailure(exception);
    }

    @Override
    public void modelQuality(String model, double rollingAccuracy, double logLoss) {
        first.modelQuality(model, rollingAccuracy, logLoss);
        second.modelQuality(model, rollingAccuracy, logLoss);
    }

    @Override
    public void modelExpired(String model) {
        first.modelExpired(model);
        second.modelExpired(model);
    }

    @Override
    public void unlabelledExpired(String model) {
        first.unlabelledExpired(model);
        second.unlabelledExpired(model);
    }

    @Override
    public void drift(String model, String detector) {
        first.drift(model, detector);
        second.drift(model, detector);
    }
}
