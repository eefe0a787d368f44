package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per-feature population stability index between a fixed reference window and a sliding recent
 * window: says <em>which</em> input feature moved, which the error-based detectors cannot.
 *
 * <p>The reference is the first {@code referenceSize} examples after construction or
 * {@link #reset()}. From it each feature's bin edges are fixed at its empirical quantiles
 * {@code j/bins} (value {@code sorted[j*referenceSize/bins]}; an example equal to an edge falls in
 * the upper bin; duplicate edges are merged, so a discrete feature gets fewer bins). Quantiles
 * rather than equal-width bins because equal-width edges between min and max are ruined by one
 * outlier (all mass in one or two bins, PSI blind to shifts inside them), whereas quantile bins
 * hold about {@code 1/bins} of the reference mass each, which keeps every PSI term well
 * conditioned. Freezing the reference sorts it once (O(d n log n), may allocate inside
 * {@link Arrays#sort}); that happens once per reference, not per record.
 *
 * <p>The recent histogram is an exact ring buffer of the last {@code recentSize} examples'
 * bin indices (chosen over exponential decay: exact counts, no decay rate to tune, and
 * bit-exact persistence). {@link #update} is O(d log bins) and allocates nothing. Empty bins are
 * floored at proportion {@link Psi#EPSILON} = 1e-4. Non-finite inputs are not supported (NaN
 * falls in the lowest bin).
 */
public final class FeatureDrift {

    private static final int FORMAT = 0x4644_5201; // "FDR" v1

    private final int dimension;
    private final int bins;
    private final int referenceSize;
    private final int recentSize;
    /** Reference values, column-major: feature f at [f*referenceSize, (f+1)*referenceSize). */
    private final double[] referenceValues;
    private final double[] edges;
    private final int[] edgeCount;
    private final int[] referenceCounts;
    private final int[] recentCounts;
    /** Ring of recent bin indices, row-major: example slot s at [s*dimension, (s+1)*dimension). */
    private final int[] recentBins;
    private int referenceFilled;
    private int recentFilled;
    private int recentHead;

    /**
     * @param dimension     number of features
     * @param bins          bins per feature (at least 2)
     * @param referenceSize examples in the reference window (at least {@code bins})
     * @param recentSize    examples in the recent window
     */
    public FeatureDrift(int dimension, int bins, int referenceSize, int recentSize) {
        Formats.require(dimension >= 1, "dimension must be >= 1: " + dimension);
        Formats.require(bins >= 2, "bins must be >= 2: " + bins);
        Formats.require(referenceSize >= bins, "referenceSize must be >= bins: " + referenceSize);
        Formats.require(recentSize >= 1, "recentSize must be >= 1: " + recentSize);
        this.dimension = dimension;
        this.bins = bins;
        this.referenceSize = referenceSize;
        this.recentSize = recentSize;
        this.referenceValues = new double[Math.multiplyExact(dimension, referenceSize)];
        this.edges = new double[dimension * (bins - 1)];
        this.edgeCount = new int[dimension];
        this.referenceCounts = new int[dimension * bins];
        this.recentCounts = new int[dimension * bins];
        this.recentBins = new int[Math.multiplyExact(dimension, recentSize)];
    }

    /** Adds one example to the reference (until it is full) or to the recent window. */
    public void update(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " features, got " + x.length);
        }
        if (referenceFilled < referenceSize) {
            addToReference(x);
        } else {
            addToRecent(x);
        }
    }

    private void addToReference(double[] x) {
        for (int f = 0; f < dimension; f++) {
            referenceValues[f * referenceSize + referenceFilled] = x[f];
        }
        referenceFilled++;
        if (referenceFilled == referenceSize) {
            freezeReference();
        }
    }

    private void freezeReference() {
        for (int f = 0; f < dimension; f++) {
            int from = f * referenceSize;
            Arrays.sort(referenceValues, from, from + referenceSize);
            fixEdges(f, from);
            for (int i = 0; i < referenceSize; i++) {
                referenceCounts[f * bins + bin(f, referenceValues[from + i])]++;
            }
        }
    }

    private void fixEdges(int f, int from) {
        int base = f * (bins - 1);
        int count = 0;
        for (int j = 1; j < bins; j++) {
            double edge = referenceValues[from + (int) ((long) j * referenceSize / bins)];
            if (count == 0 || edge > edges[base + count - 1]) {
                edges[base + count++] = edge;
            }
        }
        edgeCount[f] = count;
    }

    private void addToRecent(double[] x) {
        int slot = recentHead * dimension;
        boolean full = recentFilled == recentSize;
        for (int f = 0; f < dimension; f++) {
            if (full) {
                recentCounts[f * bins + recentBins[slot + f]]--;
            }
            int b = bin(f, x[f]);
            recentBins[slot + f] = b;
            recentCounts[f * bins + b]++;
        }
        recentHead = (recentHead + 1) % recentSize;
        if (!full) {
            recentFilled++;
        }
    }

    /** Number of feature f's edges that are &lt;= x. */
    private int bin(int f, double x) {
        int base = f * (bins - 1);
        int lo = 0;
        int hi = edgeCount[f];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[base + mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** True once both the reference and the recent window are full; before that PSI reads 0. */
    public boolean ready() {
        return referenceFilled == referenceSize && recentFilled == recentSize;
    }

    /** PSI of one feature (0 until {@link #ready()}); O(bins). */
    public double psi(int feature) {
        if (feature < 0 || feature >= dimension) {
            throw new IndexOutOfBoundsException("feature " + feature + " of " + dimension);
        }
        if (!ready()) {
            return 0;
        }
        double sum = 0;
        for (int b = 0; b <= edgeCount[feature]; b++) {
            sum += Psi.term(referenceCounts[feature * bins + b], referenceSize,
                    recentCounts[feature * bins + b], recentSize);
        }
        return sum;
    }

    /** Largest PSI over all features (0 until ready); O(d bins). */
    public double maxPsi() {
        int f = maxFeature();
        return f < 0 ? 0 : psi(f);
    }

    /** Index of the feature with the largest PSI (lowest index on ties), or -1 until ready. */
    public int maxFeature() {
        if (!ready()) {
            return -1;
        }
        int best = 0;
        double bestPsi = psi(0);
        for (int f = 1; f < dimension; f++) {
            double p = psi(f);
            if (p > bestPsi) {
                best = f;
                bestPsi = p;
            }
        }
        return best;
    }

    /** Starts collecting a new reference window. */
    public void reset() {
        referenceFilled = 0;
        recentFilled = 0;
        recentHead = 0;
        Arrays.fill(edgeCount, 0);
        Arrays.fill(referenceCounts, 0);
        Arrays.fill(recentCounts, 0);
    }

    public int dimension() {
        return dimension;
    }

    /** Writes parameters and state for {@link #readFrom}. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(dimension);
        out.writeInt(bins);
        out.writeInt(referenceSize);
        out.writeInt(recentSize);
        out.writeInt(referenceFilled);
        if (referenceFilled < referenceSize) {
            for (int f = 0; f < dimension; f++) {
                for (int i = 0; i < referenceFilled; i++) {
                    out.writeDouble(referenceValues[f * referenceSize + i]);
                }
            }
        } else {
            for (int f = 0; f < dimension; f++) {
                out.writeInt(edgeCount[f]);
                for (int j = 0; j < edgeCount[f]; j++) {
                    out.writeDouble(edges[f * (bins - 1) + j]);
                }
            }
            writeInts(out, referenceCounts, referenceCounts.length);
        }
        out.writeInt(recentFilled);
        out.writeInt(recentHead);
        writeInts(out, recentBins, recentFilled * dimension);
        writeInts(out, recentCounts, recentCounts.length);
    }

    /** Reads a FeatureDrift written by {@link #writeTo}. */
    public static FeatureDrift readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "FeatureDrift");
        FeatureDrift d = new FeatureDrift(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        d.referenceFilled = in.readInt();
        if (d.referenceFilled < d.referenceSize) {
            for (int f = 0; f < d.dimension; f++) {
                for (int i = 0; i < d.referenceFilled; i++) {
                    d.referenceValues[f * d.referenceSize + i] = in.readDouble();
                }
            }
        } else {
            for (int f = 0; f < d.dimension; f++) {
                d.edgeCount[f] = in.readInt();
                for (int j = 0; j < d.edgeCount[f]; j++) {
                    d.edges[f * (d.bins - 1) + j] = in.readDouble();
                }
            }
            readInts(in, d.referenceCounts, d.referenceCounts.length);
        }
        d.recentFilled = in.readInt();
        d.recentHead = in.readInt();
        readInts(in, d.recentBins, d.recentFilled * d.dimension);
        readInts(in, d.recentCounts, d.recentCounts.length);
        return d;
    }

    static void writeInts(DataOutput out, int[] values, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            out.writeInt(values[i]);
        }
    }

    static void readInts(DataInput in, int[] values, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            values[i] = in.readInt();
        }
    }
}
