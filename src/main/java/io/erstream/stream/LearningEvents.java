package io.erstream.stream;

/**
 * What the processor reports as it works, for whoever measures it (the HTTP layer's Prometheus metrics). Kept
 * here, in the stream's own terms, so the topology does not depend on the metrics library; called on the hot
 * path, so implementations must be cheap.
 */
public interface LearningEvents {

    /** Reports nothing. */
    LearningEvents NONE = new LearningEvents() {
    };

    /** One usable example (labelled or not) arrived for this model. */
    default void example(String model) {
    }

    /** The model predicted once, taking {@code nanos}. */
    default void prediction(String model, long nanos) {
    }

    /** The model learnt (or refused) one example, taking {@code nanos} including its journal write. */
    default void update(String model, long nanos, boolean refused) {
    }

    /**
     * Everything one usable record did, in one call, so that a metrics implementation looks the model up once per
     * record: it arrived ({@link #example}), was predicted in {@code predictNanos} ({@link #prediction}) and, if
     * {@code learnt}, was learnt in {@code updateNanos} ({@link #update}), {@code refused} or not.
     */
    default void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
        example(model);
        prediction(model, predictNanos);
        if (learnt) {
            update(model, updateNanos, refused);
        }
    }

    /** A record went to the dead letters with this reason code. */
    default void deadLetter(String reason) {
    }

    /**
     * The broker (or the producer) refused an output record of {@code topic}; the policy of
     * {@code erstream.errors.record} decided whether the stream went on ({@code resumed}) or stopped.
     */
    default void outputRefused(String topic, boolean resumed) {
    }

    /**
     * Kafka Streams reported a processing failure that erstream's own per-record handling did not absorb (in a
     * punctuator, or after a record's writes), with the exception's class name.
     */
    default void processingFailure(String exception) {
    }

    /** The model's latest rolling accuracy (0..1) and log loss. */
    default void modelQuality(String model, double rollingAccuracy, double logLoss) {
    }

    /** The model expired (erstream.model.ttl.ms) and was deleted. */
    default void modelExpired(String model) {
    }

    /** An example of this model waited {@code erstream.labels.retention.ms} for its label in vain and was dropped. */
    default void unlabelledExpired(String model) {
    }

    /** A drift detector fired for this model. */
    default void drift(String model, String detector) {
    }
}
