package io.erstream.http;

import java.util.function.IntSupplier;

/** The disabled metrics: every call returns at once, so a benchmark measures the learner alone. */
enum NoMetrics implements ErstreamMetrics {
    INSTANCE;

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public void example(String model) {
    }

    @Override
    public void prediction(String model, long nanos) {
    }

    @Override
    public void update(String model, long nanos, boolean refused) {
    }

    @Override
    public void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
    }

    @Override
    public void deadLetter(String reason) {
    }

    @Override
    public void modelQuality(String model, double rollingAccuracy, double logLoss) {
    }

    @Override
    public void drift(String model, String detector) {
    }

    @Override
    public void outputRefused(String topic, boolean resumed) {
    }

    @Override
    public void processingFailure(String exception) {
    }

    @Override
    public void threadReplaced() {
    }

    @Override
    public void modelCache(io.erstream.stream.ModelCache cache) {
    }

    @Override
    public void modelExpired(String model) {
    }

    @Override
    public void unlabelledExpired(String model) {
    }

    @Override
    public void liveModels(IntSupplier count) {
    }
}
