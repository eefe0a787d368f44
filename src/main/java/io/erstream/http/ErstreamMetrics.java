package io.erstream.http;

import io.erstream.drift.Detectors;
import io.erstream.stream.LearningEvents;
import io.erstream.stream.ModelCache;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The one place where erstream's learning is measured. The stream processor calls it for every
 * record, so every method is cheap: no allocation in steady state, no string building, one bounded
 * lookup of the model key (see {@link ModelLabels}).
 *
 * <p>Rendered by a Prometheus registry as {@code erstream_examples_total}, {@code
 * erstream_predictions_total}, {@code erstream_updates_refused_total}, {@code
 * erstream_drift_detections_total} (label {@code detector}), {@code erstream_model_accuracy}, {@code
 * erstream_model_log_loss}, {@code erstream_predict_seconds} and {@code erstream_update_seconds}
 * (histograms with fixed buckets), all labelled {@code model}; {@code erstream_dead_letters_total}
 * (label {@code reason}) and {@code erstream_models}; {@code erstream_outputs_refused_total} (labels {@code topic},
 * {@code resumed}), {@code erstream_processing_failures_total} (label {@code exception}) and
 * {@code erstream_stream_thread_replacements_total}, whose label values are bounded by {@link BoundedCounters}.
 *
 * <p>{@link #disabled()} does nothing at all, so a benchmark can measure what metrics cost.
 */
public interface ErstreamMetrics extends LearningEvents {

    /** How many model keys get their own {@code model} label by default; the rest share {@code other}. */
    int DEFAULT_TOP_MODELS = 20;

    /** The {@code model} label value shared by every key that is not among the busiest. */
    String OTHER = "other";

    /** Metrics on this registry, naming the {@link #DEFAULT_TOP_MODELS} busiest models. */
    static ErstreamMetrics create(MeterRegistry registry) {
        return create(registry, DEFAULT_TOP_MODELS, true);
    }

    /**
     * Metrics on this registry naming the {@code topModels} busiest models, or, when {@code enabled}
     * is false, the no-op instance (which registers nothing).
     */
    static ErstreamMetrics create(MeterRegistry registry, int topModels, boolean enabled) {
        if (!enabled) {
            return disabled();
        }
        List<String> detectors = Detectors.names();
        return new LearningMeters(registry, topModels, detectors);
    }

    /** Records nothing and registers nothing. */
    static ErstreamMetrics disabled() {
        return NoMetrics.INSTANCE;
    }

    /** Whether calls are recorded. */
    boolean enabled();

    /** One example (a labelled record) arrived for this model. */
    @Override
    void example(String model);

    /** The model predicted once, taking {@code nanos}. */
    @Override
    void prediction(String model, long nanos);

    /** The model tried to learn one example, taking {@code nanos}; {@code refused} if it declined. */
    @Override
    void update(String model, long nanos, boolean refused);

    /** A record went to the dead-letter topic for this reason (keep reasons few and fixed). */
    @Override
    void deadLetter(String reason);

    /** The model's latest rolling accuracy (0..1) and log loss. */
    @Override
    void modelQuality(String model, double rollingAccuracy, double logLoss);

    /** A drift detector fired for this model. */
    @Override
    void drift(String model, String detector);

    /** An output record of {@code topic} was refused; the stream went on ({@code resumed}) or stopped. */
    @Override
    void outputRefused(String topic, boolean resumed);

    /** A processing failure of this exception class escaped erstream's per-record handling. */
    @Override
    void processingFailure(String exception);

    /** A stream thread died and Kafka Streams started a new one in its place. */
    void threadReplaced();

    /** Where {@code erstream_models} reads the number of live models from; replaces any earlier source. */
    void liveModels(IntSupplier count);

    /**
     * Reports the model cache: {@code erstream_models} (live models), {@code erstream_models_stored},
     * {@code erstream_model_cache_bytes} and {@code _capacity_bytes}, and the counters
     * {@code erstream_model_cache_hits_total}, {@code _misses_total}, {@code _loads_total}, {@code _evictions_total}
     * and {@code _load_seconds_total} (mean load latency: its rate over the loads' rate).
     */
    void modelCache(ModelCache cache);

    /** A model expired and was deleted ({@code erstream_models_expired_total}). */
    @Override
    void modelExpired(String model);

    /** An example's label did not come within the retention ({@code erstream_examples_unlabelled_expired_total}). */
    @Override
    void unlabelledExpired(String model);
}
