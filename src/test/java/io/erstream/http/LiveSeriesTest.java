package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live page's recorder: bounded in models, points, drifts and reasons; rates from counters; drifts kept. */
class LiveSeriesTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void aCurveKeepsTheNewestPointsOldestFirst() {
        LiveSeries series = new LiveSeries(2, 3, clock::get);

        for (int i = 1; i <= 5; i++) {
            clock.set(1_000_000 + i * 1000L);
            series.modelQuality("sea", i / 10.0, 0.5);
        }

        LiveSeries.Curve curve = series.snapshot().curves().get(0);
        assertEquals("sea", curve.model());
        assertArrayEquals(new long[] {1_003_000, 1_004_000, 1_005_000}, curve.times());
        assertArrayEquals(new double[] {0.3, 0.4, 0.5}, curve.accuracy());
        assertEquals(0.5, curve.latest());
    }

    @Test
    void manyModelsKeepAtMostTheConfiguredNumberOfCurvesAndTheBusiestAmongThem() {
        LiveSeries series = new LiveSeries(3, 10, clock::get);

        for (int round = 0; round < 400; round++) {
            series.modelQuality("busy-a", 0.9, 0.1);
            series.modelQuality("busy-b", 0.8, 0.1);
            series.modelQuality("busy-c", 0.7, 0.1);
            series.modelQuality("once-" + round, 0.5, 0.1); // 400 keys that each report once
        }

        List<String> models = series.snapshot().curves().stream().map(LiveSeries.Curve::model).sorted().toList();
        assertEquals(List.of("busy-a", "busy-b", "busy-c"), models);
    }

    @Test
    void driftsAreKeptWithTheirTimeModelAndDetectorAndMarkTheCurve() {
        LiveSeries series = new LiveSeries(2, 10, clock::get);
        series.modelQuality("sea", 0.9, 0.1);

        clock.set(2_000_000);
        series.drift("sea", "hddm-bernstein");
        clock.set(2_500_000);
        series.drift("untracked", "adwin");

        LiveSeries.Snapshot snapshot = series.snapshot();
        assertEquals(List.of(new LiveSeries.Drift(2_000_000, "sea", "hddm-bernstein"),
                new LiveSeries.Drift(2_500_000, "untracked", "adwin")), snapshot.drifts());
        assertEquals(2_000_000, snapshot.curves().get(0).lastDrift());
    }

    @Test
    void onlyTheNewestDriftsAreKept() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);

        for (int i = 0; i < LiveSeries.MAX_DRIFTS + 50; i++) {
            clock.set(i);
            series.drift("sea", "ddm");
        }

        List<LiveSeries.Drift> drifts = series.snapshot().drifts();
        assertEquals(LiveSeries.MAX_DRIFTS, drifts.size());
        assertEquals(50, drifts.get(0).time());
        assertEquals(LiveSeries.MAX_DRIFTS + 49, drifts.get(drifts.size() - 1).time());
    }

    @Test
    void examplesPerSecondIsTheCountersGrowthOverTheTimeBetweenSamples() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);
        series.sample(10_000); // baseline

        handle(series, 3000);
        series.sample(12_000);
        handle(series, 500);
        series.deadLetter("malformed");
        series.deadLetter("malformed");
        series.sample(12_100); // too soon after the last sample: ignored
        series.sample(13_000);

        List<LiveSeries.Rate> rates = series.snapshot().rates();
        assertEquals(List.of(new LiveSeries.Rate(12_000, 1500, 0), new LiveSeries.Rate(13_000, 500, 2)), rates);
        assertEquals(3500, series.snapshot().examples());
    }

    @Test
    void onlyTheNewestRatesAreKept() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);

        for (int i = 0; i <= LiveSeries.MAX_RATES + 20; i++) {
            series.sample(i * 1000L);
        }

        List<LiveSeries.Rate> rates = series.snapshot().rates();
        assertEquals(LiveSeries.MAX_RATES, rates.size());
        assertEquals((LiveSeries.MAX_RATES + 20) * 1000L, rates.get(rates.size() - 1).time());
    }

    @Test
    void deadLettersAreCountedByReasonWithFurtherReasonsAsOther() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);

        for (int i = 0; i < LiveSeries.MAX_REASONS + 5; i++) {
            series.deadLetter("reason-" + i);
        }
        series.deadLetter("reason-0");
        series.deadLetter(null);

        Map<String, Long> letters = series.snapshot().deadLetters();
        assertTrue(letters.size() <= LiveSeries.MAX_REASONS + 1, letters.toString());
        assertEquals(2, letters.get("reason-0"));
        assertEquals(LiveSeries.MAX_REASONS + 7, letters.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(letters.get(ErstreamMetrics.OTHER) >= 5, letters.toString());
    }

    @Test
    void aNonFiniteAccuracyIsNotDrawn() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);

        series.modelQuality("sea", Double.NaN, Double.NaN);

        assertEquals(0, series.snapshot().curves().stream().mapToInt(c -> c.times().length).sum());
    }

    @Test
    void handlingARecordAllocatesNothing() {
        LiveSeries series = new LiveSeries(1, 10, clock::get);
        handle(series, 100_000); // warm up: LongAdder cells, JIT
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        handle(series, 1_000_000);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, "a million records allocated " + allocated + " bytes");
    }

    @Test
    void theSamplerAddsARatePointEverySecond() throws InterruptedException {
        LiveSeries series = new LiveSeries();
        try (LiveSampler sampler = LiveSampler.start(series)) {
            handle(series, 10);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (series.snapshot().rates().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        List<LiveSeries.Rate> rates = series.snapshot().rates();
        assertTrue(rates.size() >= 2, rates.toString());
        long spacing = rates.get(1).time() - rates.get(0).time();
        assertTrue(spacing >= 900 && spacing <= 3000, "sampled " + spacing + " ms apart");
    }

    private static void handle(LiveSeries series, int records) {
        for (int i = 0; i < records; i++) {
            series.handled("sea", 100, true, 200, false);
        }
    }
}
