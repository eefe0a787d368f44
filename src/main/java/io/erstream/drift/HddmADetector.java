package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * HDDM<sub>A</sub>-test (Frías-Blanco et al., "Online and non-parametric drift detection methods
 * based on Hoeffding's bounds", IEEE TKDE 27(3), 2015): compares the mean since the start with
 * the mean since the cut point where the lower bound was smallest, using Hoeffding's inequality.
 * Distribution-free with explicit false-alarm confidences and O(1) state, so it is the
 * principled cheap alternative to DDM.
 *
 * <p>Inputs must lie in [0, 1]. Follows MOA's {@code HDDM_A_Test}: the cut point for increases
 * moves while {@code mean(cut) + eps(n_cut) >= mean(all) + eps(n)} with
 * {@code eps(k) = sqrt(ln(1/driftConfidence) / 2k)}; DRIFT when the increase exceeds
 * {@code sqrt(m/2 * ln(2/driftConfidence))}, {@code m = (n - n_cut)/(n_cut * n)}, and WARNING for
 * the same test at {@code warningConfidence}. On a drift all statistics restart immediately, as
 * in MOA. With {@code twoSided = true} a significant <em>decrease</em> also restarts the
 * statistics but, as in MOA, is not reported (a falling error rate is not a reason to swap a
 * model). MOA's default is two-sided; the team's default is one-sided.
 *
 * <p>{@link #statistic()} is the last observed increase {@code mean(all) - mean(cut)}.
 * Defaults: driftConfidence 0.001, warningConfidence 0.005, one-sided.
 */
public final class HddmADetector implements DriftDetector {

    public static final double DEFAULT_DRIFT_CONFIDENCE = 0.001;
    public static final double DEFAULT_WARNING_CONFIDENCE = 0.005;
    public static final boolean DEFAULT_TWO_SIDED = false;
    private static final int FORMAT = 0x4844_4101; // "HDA" v1

    private final double driftConfidence;
    private final double warningConfidence;
    private final boolean twoSided;
    // The logarithms of the bounds, once: an update then costs one square root (two when a cut point moves).
    private final double logCut;
    private final double logDrift;
    private final double logWarning;
    private double boundMin; // the Hoeffding bound at nMin, kept with the cut point
    private double boundMax;
    private long nMin;
    private double cMin;
    private long nMax;
    private double cMax;
    private long nTotal;
    private double cTotal;
    private double statistic;
    private long detections;

    /** HDDM-A with the defaults (one-sided). */
    public HddmADetector() {
        this(DEFAULT_DRIFT_CONFIDENCE, DEFAULT_WARNING_CONFIDENCE, DEFAULT_TWO_SIDED);
    }

    /**
     * @param driftConfidence   false-alarm probability of the drift test, in (0, 1)
     * @param warningConfidence false-alarm probability of the warning test, in (0, 1)
     * @param twoSided          also restart (silently) on a significant decrease
     */
    public HddmADetector(double driftConfidence, double warningConfidence, boolean twoSided) {
        Formats.require(driftConfidence > 0 && driftConfidence < 1,
                "driftConfidence must be in (0, 1): " + driftConfidence);
        Formats.require(warningConfidence > 0 && warningConfidence < 1,
                "warningConfidence must be in (0, 1): " + warningConfidence);
        this.driftConfidence = driftConfidence;
        this.warningConfidence = warningConfidence;
        this.twoSided = twoSided;
        this.logCut = Math.log(1.0 / driftConfidence);
        this.logDrift = Math.log(2.0 / driftConfidence);
        this.logWarning = Math.log(2.0 / warningConfidence);
    }

    @Override
    public DriftState update(double value) {
        nTotal++;
        cTotal += value;
        if (nMin == 0) {
            setMin();
        }
        if (nMax == 0) {
            setMax();
        }
        moveCutPoints();
        statistic = cTotal / nTotal - cMin / nMin;
        DriftState state = DriftState.STABLE;
        if (meanIncreased(logDrift)) {
            restart();
            detections++;
            state = DriftState.DRIFT;
        } else if (meanIncreased(logWarning)) {
            state = DriftState.WARNING;
        }
        if (twoSided && meanDecreased()) {
            restart();
        }
        return state;
    }

    private void moveCutPoints() {
        double boundAll = Math.sqrt(1.0 / (2 * nTotal) * logCut);
        double meanAll = cTotal / nTotal;
        if (cMin / nMin + boundMin >= meanAll + boundAll) {
            setMin();
        }
        if (twoSided && cMax / nMax - boundMax <= meanAll - boundAll) {
            setMax();
        }
    }

    private void setMin() {
        cMin = cTotal;
        nMin = nTotal;
        boundMin = Math.sqrt(1.0 / (2 * nMin) * logCut);
    }

    private void setMax() {
        cMax = cTotal;
        nMax = nTotal;
        boundMax = Math.sqrt(1.0 / (2 * nMax) * logCut);
    }

    /** Whether mean(all) − mean(cut) ≥ sqrt(m/2 · log(2/confidence)), compared squared (no square root). */
    private boolean meanIncreased(double log) {
        if (nMin == nTotal) {
            return false;
        }
        double increase = cTotal / nTotal - cMin / nMin;
        double m = (double) (nTotal - nMin) / nMin * (1.0 / nTotal);
        return increase > 0 && increase * increase >= m / 2 * log;
    }

    private boolean meanDecreased() {
        if (nMax == nTotal) {
            return false;
        }
        double decrease = cMax / nMax - cTotal / nTotal;
        double m = (double) (nTotal - nMax) / nMax * (1.0 / nTotal);
        return decrease > 0 && decrease * decrease >= m / 2 * logDrift;
    }

    @Override
    public void reset() {
        restart();
        statistic = 0;
    }

    private void restart() {
        nMin = 0;
        cMin = 0;
        nMax = 0;
        cMax = 0;
        nTotal = 0;
        cTotal = 0;
    }

    @Override
    public String name() {
        return Detectors.HDDM_A;
    }

    @Override
    public double statistic() {
        return statistic;
    }

    @Override
    public long detections() {
        return detections;
    }

    /** Mean of the inputs since the last restart (0 when none). */
    public double estimation() {
        return nTotal == 0 ? 0 : cTotal / nTotal;
    }

    @Override
    public HddmADetector copy() {
        HddmADetector c = new HddmADetector(driftConfidence, warningConfidence, twoSided);
        c.nMin = nMin;
        c.cMin = cMin;
        c.nMax = nMax;
        c.cMax = cMax;
        c.nTotal = nTotal;
        c.cTotal = cTotal;
        c.statistic = statistic;
        c.detections = detections;
        c.boundMin = boundMin;
        c.boundMax = boundMax;
        return c;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeDouble(driftConfidence);
        out.writeDouble(warningConfidence);
        out.writeBoolean(twoSided);
        out.writeLong(nMin);
        out.writeDouble(cMin);
        out.writeLong(nMax);
        out.writeDouble(cMax);
        out.writeLong(nTotal);
        out.writeDouble(cTotal);
        out.writeDouble(statistic);
        out.writeLong(detections);
    }

    /** Reads a detector written by {@link #writeTo}. */
    public static HddmADetector readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "HDDM-A");
        HddmADetector d = new HddmADetector(in.readDouble(), in.readDouble(), in.readBoolean());
        d.nMin = in.readLong();
        d.cMin = in.readDouble();
        d.nMax = in.readLong();
        d.cMax = in.readDouble();
        d.nTotal = in.readLong();
        d.cTotal = in.readDouble();
        d.statistic = in.readDouble();
        d.detections = in.readLong();
        d.boundMin = d.nMin > 0 ? Math.sqrt(1.0 / (2 * d.nMin) * d.logCut) : 0;
        d.boundMax = d.nMax > 0 ? Math.sqrt(1.0 / (2 * d.nMax) * d.logCut) : 0;
        return d;
    }
}
