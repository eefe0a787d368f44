package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Page-Hinkley test for an increase of the mean (Page 1954), with MOA's fading factor:
 * constant memory and a single cumulative sum, so it is the cheapest detector here and suits
 * streams whose mean is known to move upwards on change (errors, latencies).
 *
 * <p>Follows MOA's {@code PageHinkleyDM}: {@code mean += (x - mean)/n};
 * {@code sum = alpha*sum + (x - mean - delta)}; {@code pht = sum - min(sum)}; drift when
 * {@code pht > threshold} once {@code n >= minInstances} (MOA's counter starts at 1, so the first
 * possible drift is the {@code (minInstances-1)}-th input). After a drift the statistics restart
 * on the next input, as in MOA. One-sided: decreases are never reported; never reports
 * {@link DriftState#WARNING}.
 *
 * <p>{@link #statistic()} is {@code pht}. Defaults: minInstances 30, delta 0.005, threshold
 * (MOA's lambda) 50, alpha 1 - 0.0001.
 */
public final class PageHinkleyDetector implements DriftDetector {

    public static final int DEFAULT_MIN_INSTANCES = 30;
    public static final double DEFAULT_DELTA = 0.005;
    public static final double DEFAULT_THRESHOLD = 50;
    public static final double DEFAULT_ALPHA = 1 - 0.0001;
    private static final int FORMAT = 0x5048_4401; // "PHD" v1

    private final int minInstances;
    private final double delta;
    private final double threshold;
    private final double alpha;
    private long n;
    private double mean;
    private double sum;
    private double minSum;
    private double pht;
    private boolean restartPending;
    private long detections;

    /** Page-Hinkley with MOA's defaults. */
    public PageHinkleyDetector() {
        this(DEFAULT_MIN_INSTANCES, DEFAULT_DELTA, DEFAULT_THRESHOLD, DEFAULT_ALPHA);
    }

    /**
     * @param minInstances inputs before a drift may be reported
     * @param delta        tolerated magnitude of change
     * @param threshold    drift threshold on {@code pht} (MOA's lambda)
     * @param alpha        fading factor of the cumulative sum, in (0, 1]
     */
    public PageHinkleyDetector(int minInstances, double delta, double threshold, double alpha) {
        Formats.require(minInstances >= 0, "minInstances must be >= 0", minInstances);
        Formats.require(delta >= 0, "delta must be >= 0", delta);
        Formats.require(threshold > 0, "threshold must be > 0", threshold);
        Formats.require(alpha > 0 && alpha <= 1, "alpha must be in (0, 1]", alpha);
        this.minInstances = minInstances;
        this.delta = delta;
        this.threshold = threshold;
        this.alpha = alpha;
        reset();
    }

    @Override
    public DriftState update(double x) {
        if (restartPending) {
            restart();
        }
        mean += (x - mean) / n;
        sum = alpha * sum + (x - mean - delta);
        n++;
        minSum = Math.min(minSum, sum);
        pht = sum - minSum;
        if (n < minInstances || pht <= threshold) {
            return DriftState.STABLE;
        }
        restartPending = true;
        detections++;
        return DriftState.DRIFT;
    }

    @Override
    public void reset() {
        restart();
        pht = 0;
    }

    private void restart() {
        n = 1;
        mean = 0;
        sum = 0;
        minSum = Double.MAX_VALUE;
        restartPending = false;
    }

    @Override
    public String name() {
        return Detectors.PAGE_HINKLEY;
    }

    @Override
    public double statistic() {
        return pht;
    }

    @Override
    public long detections() {
        return detections;
    }

    /** Running mean of the inputs since the last restart. */
    public double estimation() {
        return mean;
    }

    @Override
    public PageHinkleyDetector copy() {
        PageHinkleyDetector c = new PageHinkleyDetector(minInstances, delta, threshold, alpha);
        c.n = n;
        c.mean = mean;
        c.sum = sum;
        c.minSum = minSum;
        c.pht = pht;
        c.restartPending = restartPending;
        c.detections = detections;
        return c;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(minInstances);
        out.writeDouble(delta);
        out.writeDouble(threshold);
        out.writeDouble(alpha);
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(sum);
        out.writeDouble(minSum);
        out.writeDouble(pht);
        out.writeBoolean(restartPending);
        out.writeLong(detections);
    }

    /** Reads a detector written by {@link #writeTo}. */
    public static PageHinkleyDetector readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "Page-Hinkley");
        PageHinkleyDetector d = new PageHinkleyDetector(in.readInt(), in.readDouble(), in.readDouble(),
                in.readDouble());
        d.n = in.readLong();
        d.mean = in.readDouble();
        d.sum = in.readDouble();
        d.minSum = in.readDouble();
        d.pht = in.readDouble();
        d.restartPending = in.readBoolean();
        d.detections = in.readLong();
        return d;
    }
}
