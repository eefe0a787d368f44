package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ADWIN2 (Bifet &amp; Gavaldà, "Learning from time-changing data with adaptive windowing",
 * SDM 2007): keeps the longest recent window whose mean is statistically consistent with "no
 * change", compressed into an exponential histogram. Chosen as the default because it needs
 * no warm-up threshold tuning and works for any bounded stream, not only 0/1 errors.
 *
 * <p>Follows MOA's {@code moa.classifiers.core.driftdetection.ADWIN}: {@value #MAX_BUCKETS}
 * buckets per row (a row of {@value #MAX_BUCKETS}+1 merges its two oldest buckets into the
 * next row), cuts are checked every {@value #CLOCK} inputs once the window is longer than
 * {@value #MIN_WINDOW}, each sub-window must hold more than {@value #MIN_SUB_WINDOW}+1
 * items, and the cut bound is MOA's
 * {@code eps = sqrt(2 m v ln(2 ln n / delta)) + 2/3 m ln(2 ln n / delta)} with
 * {@code m = 1/(n0-4) + 1/(n1-4)} and {@code v} the window variance. On a cut the oldest bucket
 * is dropped and the scan restarts until no split is significant; that shrinking is the
 * detector's "reset".
 *
 * <p>Reporting deviates from MOA on purpose. MOA reports every check that cuts, and ADWIN cuts
 * several times while it purges one change from its window (measured with MOA's rule on seeded
 * 0.1&rarr;0.5 streams at the default delta: 2.8 reports per change). Here a cut is reported only
 * if its split point lies after the items that were already in the window at the previous
 * report (the "stale" items, which are the oldest and leave first); a cut inside them locates the
 * same change again, so the window still shrinks exactly as in MOA but nothing is reported.
 * At most one {@link DriftState#DRIFT} is reported per check.
 *
 * <p>Unlike MOA's linked list of rows, the buckets live in preallocated arrays of
 * {@value #MAX_ROWS} rows (bucket size {@code 2^row}), so memory is fixed. Should the window
 * ever outgrow them (more than ~2^{@value #MAX_ROWS} items without a cut) the oldest bucket is
 * forgotten instead of allocating a new row. Never reports {@link DriftState#WARNING}.
 *
 * <p>{@link #statistic()} is the absolute mean difference {@code |mu0 - mu1|} of the most
 * recent cut (0 before the first).
 */
public final class AdwinDetector implements DriftDetector {

    /** Default confidence, as in MOA. */
    public static final double DEFAULT_DELTA = 0.002;
    static final int MAX_BUCKETS = 5;
    static final int CLOCK = 32;
    static final int MIN_WINDOW = 10;
    static final int MIN_SUB_WINDOW = 5;
    static final int MAX_ROWS = 48;
    private static final int ROW_CAPACITY = MAX_BUCKETS + 1;
    private static final int FORMAT = 0x4144_5701; // "ADW" v1

    private final double delta;
    /** Bucket sums and variances; row r occupies [r*ROW_CAPACITY, (r+1)*ROW_CAPACITY), oldest first. */
    private final double[] bucketTotal = new double[MAX_ROWS * ROW_CAPACITY];
    private final double[] bucketVariance = new double[MAX_ROWS * ROW_CAPACITY];
    private final int[] rowSize = new int[MAX_ROWS];
    private int lastRow;
    private int bucketCount;
    private long width;
    private double total;
    private double variance;
    private long time;
    private double lastCutDifference;
    /** Items in the window that were already there at the previous report. */
    private long staleItems;
    /** Size of the older sub-window at the most recent cut. */
    private double lastCutOlderSize;
    private long detections;

    /** ADWIN with {@link #DEFAULT_DELTA}. */
    public AdwinDetector() {
        this(DEFAULT_DELTA);
    }

    /** @param delta confidence in (0, 1); smaller means fewer false alarms and longer delay */
    public AdwinDetector(double delta) {
        Formats.require(delta > 0 && delta < 1, "delta must be in (0, 1)", delta);
        this.delta = delta;
    }

    @Override
    public DriftState update(double value) {
        time++;
        insert(value);
        if (time % CLOCK == 0 && width > MIN_WINDOW && shrinkWhileCut()) {
            detections++;
            return DriftState.DRIFT;
        }
        return DriftState.STABLE;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(bucketTotal, 0);
        java.util.Arrays.fill(bucketVariance, 0);
        java.util.Arrays.fill(rowSize, 0);
        lastRow = 0;
        bucketCount = 0;
        width = 0;
        total = 0;
        variance = 0;
        time = 0;
        lastCutDifference = 0;
        staleItems = 0;
        lastCutOlderSize = 0;
    }

    @Override
    public String name() {
        return Detectors.ADWIN;
    }

    @Override
    public double statistic() {
        return lastCutDifference;
    }

    @Override
    public long detections() {
        return detections;
    }

    /** The confidence parameter. */
    public double delta() {
        return delta;
    }

    /** Number of items in the current window. */
    public long width() {
        return width;
    }

    /** Number of buckets in use; O(log width). */
    public int bucketCount() {
        return bucketCount;
    }

    /** Mean of the current window (0 when empty). */
    public double estimation() {
        return width == 0 ? 0 : total / width;
    }

    private void insert(double value) {
        width++;
        appendBucket(0, value, 0);
        if (width > 1) {
            double previousMean = total / (width - 1);
            variance += (width - 1) * (value - previousMean) * (value - previousMean) / width;
        }
        total += value;
        compress();
    }

    private void appendBucket(int row, double sum, double var) {
        int slot = row * ROW_CAPACITY + rowSize[row];
        bucketTotal[slot] = sum;
        bucketVariance[slot] = var;
        rowSize[row]++;
        bucketCount++;
    }

    private void compress() {
        for (int row = 0; rowSize[row] == ROW_CAPACITY; row++) {
            if (row + 1 == MAX_ROWS) {
                deleteOldestBucket();
                return;
            }
            if (row + 1 > lastRow) {
                lastRow = row + 1;
            }
            mergeOldestPair(row);
            if (rowSize[row + 1] <= MAX_BUCKETS) {
                return;
            }
        }
    }

    private void mergeOldestPair(int row) {
        int first = row * ROW_CAPACITY;
        double n = bucketSize(row);
        double u1 = bucketTotal[first] / n;
        double u2 = bucketTotal[first + 1] / n;
        double between = n * n * (u1 - u2) * (u1 - u2) / (n + n);
        appendBucket(row + 1, bucketTotal[first] + bucketTotal[first + 1],
                bucketVariance[first] + bucketVariance[first + 1] + between);
        removeOldest(row, 2);
        bucketCount -= 2; // appendBucket counted the merged one
    }

    private void removeOldest(int row, int count) {
        int first = row * ROW_CAPACITY;
        int remaining = rowSize[row] - count;
        System.arraycopy(bucketTotal, first + count, bucketTotal, first, remaining);
        System.arraycopy(bucketVariance, first + count, bucketVariance, first, remaining);
        for (int k = remaining; k < rowSize[row]; k++) {
            bucketTotal[first + k] = 0;
            bucketVariance[first + k] = 0;
        }
        rowSize[row] = remaining;
    }

    private void deleteOldestBucket() {
        int slot = lastRow * ROW_CAPACITY;
        double n1 = bucketSize(lastRow);
        width -= (long) n1;
        total -= bucketTotal[slot];
        double u1 = bucketTotal[slot] / n1;
        double mean = width == 0 ? 0 : total / width;
        variance -= bucketVariance[slot] + n1 * width * (u1 - mean) * (u1 - mean) / (n1 + width);
        staleItems = Math.max(0, staleItems - (long) n1);
        removeOldest(lastRow, 1);
        bucketCount--;
        if (rowSize[lastRow] == 0 && lastRow > 0) {
            lastRow--;
        }
    }

    /** MOA's reduce-window loop: drop the oldest bucket while some split is significant. */
    private boolean shrinkWhileCut() {
        boolean newChange = false;
        while (oldestCutExists()) {
            newChange |= lastCutOlderSize > staleItems;
            deleteOldestBucket();
        }
        if (newChange) {
            staleItems = width;
        }
        return newChange;
    }

    /** Scans splits from oldest to newest; true (and records the difference) at the first cut. */
    private boolean oldestCutExists() {
        double n0 = 0;
        double n1 = width;
        double u0 = 0;
        double u1 = total;
        for (int row = lastRow; row >= 0; row--) {
            double n2 = bucketSize(row);
            int first = row * ROW_CAPACITY;
            for (int k = 0; k < rowSize[row]; k++) {
                n0 += n2;
                n1 -= n2;
                u0 += bucketTotal[first + k];
                u1 -= bucketTotal[first + k];
                if (row == 0 && k == rowSize[row] - 1) {
                    return false;
                }
                double difference = u0 / n0 - u1 / n1;
                if (n1 > MIN_SUB_WINDOW + 1 && n0 > MIN_SUB_WINDOW + 1 && isCut(n0, n1, difference)) {
                    lastCutDifference = Math.abs(difference);
                    lastCutOlderSize = n0;
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isCut(double n0, double n1, double difference) {
        double n = width;
        double dd = StrictMath.log(2 * StrictMath.log(n) / delta);
        double v = variance / width;
        double m = 1 / (n0 - MIN_SUB_WINDOW + 1) + 1 / (n1 - MIN_SUB_WINDOW + 1);
        double epsilon = Math.sqrt(2 * m * v * dd) + 2.0 / 3 * dd * m;
        return Math.abs(difference) > epsilon;
    }

    private static double bucketSize(int row) {
        return (double) (1L << row);
    }

    @Override
    public AdwinDetector copy() {
        AdwinDetector c = new AdwinDetector(delta);
        System.arraycopy(bucketTotal, 0, c.bucketTotal, 0, bucketTotal.length);
        System.arraycopy(bucketVariance, 0, c.bucketVariance, 0, bucketVariance.length);
        System.arraycopy(rowSize, 0, c.rowSize, 0, rowSize.length);
        c.lastRow = lastRow;
        c.bucketCount = bucketCount;
        c.width = width;
        c.total = total;
        c.variance = variance;
        c.time = time;
        c.lastCutDifference = lastCutDifference;
        c.staleItems = staleItems;
        c.lastCutOlderSize = lastCutOlderSize;
        c.detections = detections;
        return c;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeDouble(delta);
        out.writeInt(lastRow);
        for (int row = 0; row <= lastRow; row++) {
            out.writeInt(rowSize[row]);
            for (int k = 0; k < rowSize[row]; k++) {
                out.writeDouble(bucketTotal[row * ROW_CAPACITY + k]);
                out.writeDouble(bucketVariance[row * ROW_CAPACITY + k]);
            }
        }
        out.writeInt(bucketCount);
        out.writeLong(width);
        out.writeDouble(total);
        out.writeDouble(variance);
        out.writeLong(time);
        out.writeDouble(lastCutDifference);
        out.writeLong(staleItems);
        out.writeDouble(lastCutOlderSize);
        out.writeLong(detections);
    }

    /** Reads a detector written by {@link #writeTo}. */
    public static AdwinDetector readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "ADWIN");
        AdwinDetector d = new AdwinDetector(in.readDouble());
        d.lastRow = in.readInt();
        if (d.lastRow < 0 || d.lastRow >= MAX_ROWS) {
            throw new IOException("corrupt ADWIN state: " + d.lastRow + " rows");
        }
        for (int row = 0; row <= d.lastRow; row++) {
            d.rowSize[row] = in.readInt();
            if (d.rowSize[row] < 0 || d.rowSize[row] > MAX_BUCKETS) {
                throw new IOException("corrupt ADWIN state: row of " + d.rowSize[row]);
            }
            for (int k = 0; k < d.rowSize[row]; k++) {
                d.bucketTotal[row * ROW_CAPACITY + k] = in.readDouble();
                d.bucketVariance[row * ROW_CAPACITY + k] = in.readDouble();
            }
        }
        d.bucketCount = in.readInt();
        d.width = in.readLong();
        d.total = in.readDouble();
        d.variance = in.readDouble();
        d.time = in.readLong();
        d.lastCutDifference = in.readDouble();
        d.staleItems = in.readLong();
        d.lastCutOlderSize = in.readDouble();
        d.detections = in.readLong();
        return d;
    }
}
