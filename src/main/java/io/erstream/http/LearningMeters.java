package io.erstream.http;

import io.erstream.stream.ModelCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** {@link ErstreamMetrics} on a Micrometer registry, with per-model labels bounded by {@link ModelLabels}. */
final class LearningMeters implements ErstreamMetrics {

    /** Distinct dead-letter reasons kept before further reasons count as {@code other}. */
    static final int MAX_REASONS = 16;

    private final MeterRegistry registry;
    private final ModelLabels<ModelMeters> labels;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final BoundedCounters outputsRefused;
    private final BoundedCounters outputsRefusedStopping;
    private final BoundedCounters processingFailures;
    private final Counter threadReplacements;
    private final Counter modelsExpired;
    private final Counter unlabelledExpired;
    private volatile IntSupplier liveModels;

    LearningMeters(MeterRegistry registry, int topModels, List<String> detectors) {
        if (topModels < 0) {
            throw new IllegalArgumentException("topModels must be >= 0, was " + topModels);
        }
        this.registry = registry;
        ModelMeters other = new ModelMeters(registry, OTHER, detectors);
        int capacity = Math.max(16, 4 * topModels);
        labels = new ModelLabels<>(topModels, capacity, 1024, new ModelLabels.Binder<>() {
            @Override
            public ModelMeters bind(String key) {
                return OTHER.equals(key) ? other : new ModelMeters(registry, key, detectors);
            }

            @Override
            public void unbind(ModelMeters meters) {
                if (meters != other) {
                    meters.remove();
                }
            }
        }, other);
        Gauge.builder("erstream.models", this, LearningMeters::liveModelCount)
                .description("Models held by this instance").strongReference(true).register(registry);
        deadLetterCounter(OTHER);
        String refusedHelp = "Output records the broker or producer refused";
        outputsRefused = new BoundedCounters(registry, "erstream.outputs.refused", refusedHelp, "topic",
                "resumed", "true");
        outputsRefusedStopping = new BoundedCounters(registry, "erstream.outputs.refused", refusedHelp, "topic",
                "resumed", "false");
        processingFailures = new BoundedCounters(registry, "erstream.processing.failures",
                "Processing failures that escaped per-record handling", "exception");
        threadReplacements = Counter.builder("erstream.stream.thread.replacements")
                .description("Stream threads that died and were replaced").register(registry);
        modelsExpired = Counter.builder("erstream.models.expired")
                .description("Models deleted after erstream.model.ttl.ms without an update").register(registry);
        unlabelledExpired = Counter.builder("erstream.examples.unlabelled.expired")
                .description("Examples whose label did not come within erstream.labels.retention.ms")
                .register(registry);
    }

    @Override
    public void modelCache(ModelCache cache) {
        liveModels(() -> (int) Math.min(Integer.MAX_VALUE, cache.liveModels()));
        Gauge.builder("erstream.models.stored", cache, ModelCache::storedModels)
                .description("Models in this instance's stores").register(registry);
        Gauge.builder("erstream.model.cache.bytes", cache, ModelCache::usedBytes).baseUnit("bytes")
                .description("Estimated heap of the live models").register(registry);
        Gauge.builder("erstream.model.cache.capacity.bytes", cache, c -> Math.min(c.capacity(), Long.MAX_VALUE / 2))
                .baseUnit("bytes").description("erstream.models.cache.bytes").register(registry);
        FunctionCounter.builder("erstream.model.cache.hits", cache, ModelCache::hits)
                .description("Records whose model was live").register(registry);
        FunctionCounter.builder("erstream.model.cache.misses", cache, ModelCache::misses)
                .description("Records whose model was not live (new, or loaded from the store)").register(registry);
        FunctionCounter.builder("erstream.model.cache.loads", cache, ModelCache::loads)
                .description("Models loaded from the store").register(registry);
        FunctionCounter.builder("erstream.model.cache.evictions", cache, ModelCache::evictions)
                .description("Models evicted from the cache (no write: the store has them)").register(registry);
        FunctionCounter.builder("erstream.model.cache.load.seconds", cache, c -> c.loadNanos() / 1e9)
                .description("Time spent loading models from the store").register(registry);
    }

    @Override
    public void modelExpired(String model) {
        modelsExpired.increment();
    }

    @Override
    public void unlabelledExpired(String model) {
        unlabelledExpired.increment();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void example(String model) {
        labels.resolve(model).examples.increment();
    }

    @Override
    public void prediction(String model, long nanos) {
        ModelMeters m = labels.resolve(model);
        m.predictions.increment();
        m.predictTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void update(String model, long nanos, boolean refused) {
        ModelMeters m = labels.resolve(model);
        m.updateTime.record(nanos, TimeUnit.NANOSECONDS);
        if (refused) {
            m.refused.increment();
        }
    }

    @Override
    public void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
        ModelMeters m = labels.resolve(model);
        m.examples.increment();
        m.predictions.increment();
        m.predictTime.record(predictNanos, TimeUnit.NANOSECONDS);
        if (learnt) {
            m.updateTime.record(updateNanos, TimeUnit.NANOSECONDS);
            if (refused) {
                m.refused.increment();
            }
        }
    }

    @Override
    public void deadLetter(String reason) {
        Counter counter = deadLetters.get(reason == null ? OTHER : reason);
        if (counter == null) {
            counter = deadLetterCounter(deadLetters.size() < MAX_REASONS ? reason : OTHER);
        }
        counter.increment();
    }

    @Override
    public void modelQuality(String model, double rollingAccuracy, double logLoss) {
        ModelMeters m = labels.resolve(model);
        m.accuracy.report(rollingAccuracy);
        m.logLoss.report(logLoss);
    }

    @Override
    public void drift(String model, String detector) {
        labels.resolve(model).drift(detector).increment();
    }

    @Override
    public void outputRefused(String topic, boolean resumed) {
        (resumed ? outputsRefused : outputsRefusedStopping).get(topic).increment();
    }

    @Override
    public void processingFailure(String exception) {
        processingFailures.get(exception).increment();
    }

    @Override
    public void threadReplaced() {
        threadReplacements.increment();
    }

    @Override
    public void liveModels(IntSupplier count) {
        liveModels = count;
    }

    /** How many keys have their own label now (for tests and diagnostics). */
    int namedModels() {
        return labels.namedCount();
    }

    private double liveModelCount() {
        IntSupplier source = liveModels;
        return source == null ? Double.NaN : source.getAsInt();
    }

    private Counter deadLetterCounter(String reason) {
        return deadLetters.computeIfAbsent(reason, r -> Counter.builder("erstream.dead.letters")
                .description("Records sent to the dead-letter topic").tag("reason", r).register(registry));
    }
}
