package io.erstream.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every meter carrying one {@code model} label value, created together and removed together, so a
 * record needs one lookup for all of them and a demoted label leaves no stale series behind.
 */
final class ModelMeters {

    /**
     * Fixed histogram buckets from 5 µs to 1 s. A percentile histogram would publish ~70 buckets per
     * series; with up to 21 model labels and two timers, these 17 keep the scrape small while still
     * giving {@code histogram_quantile} a resolution of about 2.5x.
     */
    static final Duration[] LATENCY_BUCKETS = {
        micros(5), micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
        millis(1), millis(2.5), millis(5), millis(10), millis(25), millis(50), millis(100),
        millis(250), millis(500), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final String[] detectors;
    private final Counter[] drift;
    final Counter examples;
    final Counter predictions;
    final Counter refused;
    final Timer predictTime;
    final Timer updateTime;
    final QualityValue accuracy;
    final QualityValue logLoss;

    /**
     * @param detectors detector names whose drift counters exist from the start (at zero, so that the
     *                  first detection is an increase Prometheus can see); any other name counts as
     *                  {@code other}
     */
    ModelMeters(MeterRegistry registry, String model, List<String> detectors) {
        this.registry = registry;
        boolean blended = ErstreamMetrics.OTHER.equals(model);
        examples = keep(Counter.builder("erstream.examples").description("Examples received")
                .tag("model", model).register(registry));
        predictions = keep(Counter.builder("erstream.predictions").description("Predictions made")
                .tag("model", model).register(registry));
        refused = keep(Counter.builder("erstream.updates.refused")
                .description("Updates the learner declined (e.g. ill-conditioned)")
                .tag("model", model).register(registry));
        predictTime = keep(timer("erstream.predict", "Time to predict one example", model));
        updateTime = keep(timer("erstream.update", "Time to learn from one example", model));
        accuracy = gauge("erstream.model.accuracy", "Rolling accuracy", model, new QualityValue(blended));
        logLoss = gauge("erstream.model.log.loss", "Rolling log loss", model, new QualityValue(blended));
        this.detectors = detectors.toArray(new String[0]);
        this.drift = new Counter[this.detectors.length + 1];
        for (int i = 0; i < this.detectors.length; i++) {
            drift[i] = driftCounter(model, this.detectors[i]);
        }
        drift[this.detectors.length] = driftCounter(model, ErstreamMetrics.OTHER);
    }

    /** The drift counter for this detector; a linear scan of a handful of names allocates nothing. */
    Counter drift(String detector) {
        for (int i = 0; i < detectors.length; i++) {
            if (detectors[i].equals(detector)) {
                return drift[i];
            }
        }
        return drift[detectors.length];
    }

    /** Removes every meter of this label from the registry. */
    void remove() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
    }

    private Counter driftCounter(String model, String detector) {
        return keep(Counter.builder("erstream.drift.detections").description("Drift detections")
                .tag("model", model).tag("detector", detector).register(registry));
    }

    private Timer timer(String name, String description, String model) {
        return Timer.builder(name).description(description).tag("model", model)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private QualityValue gauge(String name, String description, String model, QualityValue value) {
        keep(Gauge.builder(name, value, QualityValue::value).description(description)
                .tag("model", model).strongReference(true).register(registry));
        return value;
    }

    private <T extends Meter> T keep(T meter) {
        meters.add(meter);
        return meter;
    }

    private static Duration micros(long n) {
        return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(n));
    }

    private static Duration millis(double n) {
        return Duration.ofNanos(Math.round(n * 1_000_000));
    }
}
