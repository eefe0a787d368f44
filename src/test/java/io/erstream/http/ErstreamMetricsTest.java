package io.erstream.http;

import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErstreamMetricsTest {

    private final MetricsServer server = MetricsServer.start(0);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneHandledCallCountsWhatTheSeparateCallsWouldCount() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.handled("m", 40_000, true, 300_000, true);   // labelled, refused
        metrics.handled("m", 40_000, true, 300_000, false);  // labelled, learnt
        metrics.handled("m", 40_000, false, 0, false);       // scored only

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals(3.0, value(scrape, "erstream_examples_total", Map.of("model", "m")));
        assertEquals(3.0, value(scrape, "erstream_predictions_total", Map.of("model", "m")));
        assertEquals(3.0, value(scrape, "erstream_predict_seconds_count", Map.of("model", "m")));
        assertEquals(2.0, value(scrape, "erstream_update_seconds_count", Map.of("model", "m")));
        assertEquals(0.0006, value(scrape, "erstream_update_seconds_sum", Map.of("model", "m")), 1e-12);
        assertEquals(1.0, value(scrape, "erstream_updates_refused_total", Map.of("model", "m")));
    }

    @Test
    void everyLearningMetricIsRenderedWithItsPrometheusNameTypeAndLabels() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.example("sensor-1");
        metrics.prediction("sensor-1", 40_000);
        metrics.update("sensor-1", 300_000, false);
        metrics.update("sensor-1", 300_000, true);
        metrics.deadLetter("parse");
        metrics.modelQuality("sensor-1", 0.875, 0.31);
        metrics.drift("sensor-1", "adwin");
        metrics.liveModels(() -> 7);

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals("counter", scrape.type("erstream_examples_total"));
        assertEquals("counter", scrape.type("erstream_predictions_total"));
        assertEquals("counter", scrape.type("erstream_updates_refused_total"));
        assertEquals("counter", scrape.type("erstream_dead_letters_total"));
        assertEquals("counter", scrape.type("erstream_drift_detections_total"));
        assertEquals("gauge", scrape.type("erstream_model_accuracy"));
        assertEquals("gauge", scrape.type("erstream_model_log_loss"));
        assertEquals("gauge", scrape.type("erstream_models"));
        assertEquals("histogram", scrape.type("erstream_update_seconds"));
        assertEquals("histogram", scrape.type("erstream_predict_seconds"));

        assertEquals(1.0, value(scrape, "erstream_examples_total", Map.of("model", "sensor-1")));
        assertEquals(1.0, value(scrape, "erstream_updates_refused_total", Map.of("model", "sensor-1")));
        assertEquals(2.0, value(scrape, "erstream_update_seconds_count", Map.of("model", "sensor-1")));
        assertEquals(0.875, value(scrape, "erstream_model_accuracy", Map.of("model", "sensor-1")));
        assertEquals(0.31, value(scrape, "erstream_model_log_loss", Map.of("model", "sensor-1")));
        assertEquals(1.0, value(scrape, "erstream_dead_letters_total", Map.of("reason", "parse")));
        assertEquals(1.0, value(scrape, "erstream_drift_detections_total",
                Map.of("model", "sensor-1", "detector", "adwin")));
        assertEquals(7.0, value(scrape, "erstream_models", Map.of()));
    }

    @Test
    void latencyHistogramsHaveBucketsForHistogramQuantile() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.prediction("m", 40_000);   // 40 µs

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals(0.0, value(scrape, "erstream_predict_seconds_bucket", Map.of("model", "m", "le", "2.5E-5")));
        assertEquals(1.0, value(scrape, "erstream_predict_seconds_bucket", Map.of("model", "m", "le", "5.0E-5")));
        assertEquals(1.0, value(scrape, "erstream_predict_seconds_bucket", Map.of("model", "m", "le", "+Inf")));
    }

    @Test
    void driftCountersExistAtZeroBeforeTheFirstDetectionSoItsIncreaseIsVisible() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.example("m");

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals(Set.of("adwin", "ddm", "hddm-a", "hddm-bernstein", "other", "page-hinkley"),
                scrape.labelValues("erstream_drift_detections_total", "detector"));
        assertEquals(0.0, value(scrape, "erstream_drift_detections_total", Map.of("model", "m", "detector", "ddm")));
    }

    @Test
    void tenThousandDistinctKeysGiveAtMostTopNPlusOneModelLabels() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry(), 20, true);
        for (int round = 0; round < 3; round++) {
            for (int key = 0; key < 10_000; key++) {
                String model = "key-" + key;
                metrics.example(model);
                metrics.prediction(model, 1000);
                metrics.update(model, 1000, false);
                metrics.modelQuality(model, 0.5, 0.7);
            }
        }

        Set<String> models = Scraper.metrics(server).labelValues("erstream_", "model");

        assertTrue(models.size() <= 21, models.size() + " model labels: " + models);
        assertTrue(models.contains("other"));
    }

    @Test
    void aBusyKeyGetsItsOwnLabelAfterStartingInOther() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry(), 2, true);
        metrics.example("first");
        metrics.example("second");
        for (int i = 0; i < 5_000; i++) {
            metrics.example("busy");
        }

        Set<String> models = Scraper.metrics(server).labelValues("erstream_examples_total", "model");

        assertTrue(models.contains("busy"), models.toString());
        assertEquals(3, models.size(), models.toString());
    }

    @Test
    void disabledMetricsRegisterNothing() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry(), 20, false);
        metrics.example("m");
        metrics.prediction("m", 1);
        metrics.update("m", 1, true);
        metrics.deadLetter("parse");
        metrics.modelQuality("m", 1, 0);
        metrics.drift("m", "adwin");
        metrics.liveModels(() -> 1);

        assertFalse(metrics.enabled());
        assertTrue(server.registry().getMeters().stream().map(Meter::getId)
                .noneMatch(id -> id.getName().startsWith("erstream")));
        assertFalse(Scraper.metrics(server).hasFamilyStartingWith("erstream_"));
    }

    @Test
    void theHotPathAllocatesNothingInSteadyState() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry(), 20, true);
        String[] keys = new String[50];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "model-" + i;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        recordMany(metrics, keys, 300_000);   // warm up: labels settle, JIT compiles

        long before = threads.getThreadAllocatedBytes(thread);
        recordMany(metrics, keys, 100_000);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100,000 records");
    }

    private static void recordMany(ErstreamMetrics metrics, String[] keys, int n) {
        for (int i = 0; i < n; i++) {
            String model = keys[i % (i % 3 == 0 ? 5 : keys.length)];   // a few busy keys and a long tail
            metrics.example(model);
            metrics.prediction(model, 20_000);
            metrics.update(model, 150_000, (i & 1023) == 0);
            metrics.modelQuality(model, 0.9, 0.2);
        }
    }

    @Test
    void refusedOutputsAreCountedByTopicAndWhetherTheStreamWentOn() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.outputRefused("erstream.predictions", true);
        metrics.outputRefused("erstream.predictions", true);
        metrics.outputRefused("erstream.models", false);

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals("counter", scrape.type("erstream_outputs_refused_total"));
        assertEquals(2.0, value(scrape, "erstream_outputs_refused_total",
                Map.of("topic", "erstream.predictions", "resumed", "true")));
        assertEquals(1.0, value(scrape, "erstream_outputs_refused_total",
                Map.of("topic", "erstream.models", "resumed", "false")));
    }

    @Test
    void processingFailuresAreCountedByExceptionClass() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.processingFailure("java.lang.IllegalStateException");

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals(1.0, value(scrape, "erstream_processing_failures_total",
                Map.of("exception", "java.lang.IllegalStateException")));
    }

    @Test
    void novelExceptionClassesBeyondTheBoundShareOther() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        for (int i = 0; i < BoundedCounters.MAX_VALUES + 5; i++) {
            metrics.processingFailure("Failure" + i);
        }

        PrometheusText scrape = Scraper.metrics(server);

        assertEquals(BoundedCounters.MAX_VALUES + 1,
                scrape.labelValues("erstream_processing_failures_total", "exception").size());
        assertEquals(5.0, value(scrape, "erstream_processing_failures_total", Map.of("exception", "other")));
    }

    @Test
    void replacedStreamThreadsAreCounted() {
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.threadReplaced();

        assertEquals(1.0, value(Scraper.metrics(server), "erstream_stream_thread_replacements_total", Map.of()));
    }

    private static double value(PrometheusText scrape, String name, Map<String, String> labels) {
        return scrape.samples(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(PrometheusText.Sample::value)
                .reduce((a, b) -> {
                    throw new AssertionError("several samples of " + name + " match " + labels);
                })
                .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }
}
