package io.erstream.http;

import io.erstream.stream.LearningEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The recent past that the live page draws, kept in memory and bounded whatever the key space: rolling accuracy over
 * time for the busiest {@code models} models (a ring of {@code points} per model), the last {@value #MAX_DRIFTS} drift
 * events, examples/s and dead letters/s sampled from counters, and dead letters by reason.
 *
 * <p>It hears the same {@link LearningEvents} as the metrics. The stream thread calls {@link #handled} for every
 * record, so that costs one {@link LongAdder} increment and nothing else; accuracy arrives once per changed model
 * every {@code erstream.metrics.interval.ms} and drifts and dead letters are rare, so those take a lock. Which models
 * get a curve is decided by {@link ModelLabels} over the quality reports (a model reports only in intervals in which
 * it learnt), so a topic with 10,000 keys still keeps {@code models} rings.
 *
 * <p>Rates come from {@link #sample}, which a {@link LiveSampler} calls every second: the counters' growth since the
 * previous sample over the time between them.
 */
public final class LiveSeries implements LearningEvents {

    /** Models with an accuracy curve unless told otherwise: a chart with more lines is unreadable anyway. */
    public static final int DEFAULT_MODELS = 8;
    /** Points per curve unless told otherwise: an hour at the default 10 s quality interval. */
    public static final int DEFAULT_POINTS = 360;
    /** Drift events kept, newest last. */
    static final int MAX_DRIFTS = 200;
    /** Rate samples kept: five minutes at one a second. */
    static final int MAX_RATES = 300;
    /** Distinct dead-letter reasons kept before further reasons count as {@code other}. */
    static final int MAX_REASONS = 16;
    /** Samples closer together than this are skipped: a rate over a few milliseconds is noise. */
    static final long MIN_SAMPLE_SPACING_MS = 500;

    /** One drift detection. */
    public record Drift(long time, String model, String detector) {
    }

    /** Examples and dead letters per second over the time up to {@code time}. */
    public record Rate(long time, double examplesPerSecond, double deadLettersPerSecond) {
    }

    /** One model's curve, oldest point first, and when it last drifted ({@code -1}: not since it was tracked). */
    public record Curve(String model, long[] times, double[] accuracy, long lastDrift) {

        /** The latest accuracy, or NaN before the first report. */
        public double latest() {
            return accuracy.length == 0 ? Double.NaN : accuracy[accuracy.length - 1];
        }
    }

    /** A consistent copy of everything recorded, for one answer. */
    public record Snapshot(long now, List<Curve> curves, List<Drift> drifts, List<Rate> rates, long examples,
                           Map<String, Long> deadLetters) {
    }

    private final int points;
    private final LongSupplier clock;
    private final LongAdder examples = new LongAdder();
    private final LongAdder deadLetterTotal = new LongAdder();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final ModelLabels<Ring> tracked;
    private final Map<String, Ring> rings = new LinkedHashMap<>(); // guarded by this
    private final Drift[] drifts = new Drift[MAX_DRIFTS];           // guarded by this, a ring
    private long driftCount;                                         // guarded by this
    private final Rate[] rates = new Rate[MAX_RATES];               // guarded by this, a ring
    private long rateCount;                                          // guarded by this
    private long sampledAt = -1;                                    // guarded by this
    private long sampledExamples;                                   // guarded by this
    private long sampledDeadLetters;                                // guarded by this

    /** Curves for the {@link #DEFAULT_MODELS} busiest models, {@link #DEFAULT_POINTS} points each, wall-clock time. */
    public LiveSeries() {
        this(DEFAULT_MODELS, DEFAULT_POINTS, System::currentTimeMillis);
    }

    /**
     * @param models how many models get a curve (at least 1)
     * @param points points per curve (at least 2)
     * @param clock  milliseconds since the epoch
     */
    public LiveSeries(int models, int points, LongSupplier clock) {
        if (models < 1 || points < 2) {
            throw new IllegalArgumentException("need models >= 1 and points >= 2, was " + models + ", " + points);
        }
        this.points = points;
        this.clock = clock;
        Ring discard = new Ring(null, 0);
        tracked = new ModelLabels<>(models, Math.max(16, 4 * models), 256, new ModelLabels.Binder<>() {
            @Override
            public Ring bind(String key) {
                Ring ring = new Ring(key, LiveSeries.this.points);
                synchronized (LiveSeries.this) {
                    rings.put(key, ring);
                }
                return ring;
            }

            @Override
            public void unbind(Ring ring) {
                synchronized (LiveSeries.this) {
                    rings.remove(ring.model, ring);
                }
            }
        }, discard);
    }

    @Override
    public void handled(String model, long predictNanos, boolean learnt, long updateNanos, boolean refused) {
        examples.increment();
    }

    @Override
    public void modelQuality(String model, double rollingAccuracy, double logLoss) {
        Ring ring = tracked.resolve(model);
        if (ring.model == null || !Double.isFinite(rollingAccuracy)) {
            return;
        }
        long now = clock.getAsLong();
        synchronized (this) {
            ring.add(now, rollingAccuracy);
        }
    }

    @Override
    public synchronized void drift(String model, String detector) {
        long now = clock.getAsLong();
        drifts[(int) (driftCount % MAX_DRIFTS)] = new Drift(now, model, detector);
        driftCount++;
        Ring ring = rings.get(model);
        if (ring != null) {
            ring.lastDrift = now;
        }
    }

    @Override
    public void deadLetter(String reason) {
        String key = reason == null ? ErstreamMetrics.OTHER : reason;
        LongAdder counter = deadLetters.get(key);
        if (counter == null) {
            counter = deadLetters.computeIfAbsent(deadLetters.size() < MAX_REASONS ? key : ErstreamMetrics.OTHER,
                    r -> new LongAdder());
        }
        counter.increment();
        deadLetterTotal.increment();
    }

    /** Samples the counters at the clock's time; see {@link #sample(long)}. */
    public void sample() {
        sample(clock.getAsLong());
    }

    /**
     * Adds a rate point: the counters' growth since the previous sample divided by the time since it. The first
     * sample only sets the baseline; a sample less than {@link #MIN_SAMPLE_SPACING_MS} after the previous one, or
     * before it, is ignored.
     */
    synchronized void sample(long now) {
        long ex = examples.sum();
        long dl = deadLetterTotal.sum();
        if (sampledAt >= 0) {
            long elapsed = now - sampledAt;
            if (elapsed < MIN_SAMPLE_SPACING_MS) {
                return;
            }
            double seconds = elapsed / 1000.0;
            rates[(int) (rateCount % MAX_RATES)] = new Rate(now, (ex - sampledExamples) / seconds,
                    (dl - sampledDeadLetters) / seconds);
            rateCount++;
        }
        sampledAt = now;
        sampledExamples = ex;
        sampledDeadLetters = dl;
    }

    /** Everything recorded, copied under the lock so that curves, drifts and rates agree with each other. */
    public synchronized Snapshot snapshot() {
        List<Curve> curves = new ArrayList<>(rings.size());
        for (Ring ring : rings.values()) {
            curves.add(ring.curve());
        }
        Map<String, Long> letters = new TreeMap<>();
        deadLetters.forEach((reason, count) -> letters.put(reason, count.sum()));
        return new Snapshot(clock.getAsLong(), List.copyOf(curves), oldestFirst(drifts, driftCount),
                oldestFirst(rates, rateCount), examples.sum(), letters);
    }

    private static <T> List<T> oldestFirst(T[] ring, long count) {
        int size = (int) Math.min(count, ring.length);
        List<T> out = new ArrayList<>(size);
        for (long i = count - size; i < count; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }

    /** One model's accuracy points, overwriting the oldest when full; guarded by the series' lock. */
    private static final class Ring {
        final String model;
        final long[] times;
        final double[] values;
        long count;
        long lastDrift = -1;

        Ring(String model, int capacity) {
            this.model = model;
            this.times = new long[capacity];
            this.values = new double[capacity];
        }

        void add(long time, double value) {
            int at = (int) (count % times.length);
            times[at] = time;
            values[at] = value;
            count++;
        }

        Curve curve() {
            int size = (int) Math.min(count, times.length);
            long[] t = new long[size];
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                int at = (int) ((count - size + i) % times.length);
                t[i] = times[at];
                v[i] = values[at];
            }
            return new Curve(model, t, v, lastDrift);
        }
    }
}
