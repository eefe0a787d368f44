package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift Detection Method (Gama, Medas, Castillo &amp; Rodrigues, "Learning with drift
 * detection", SBIA 2004): models the 0/1 error as binomial and signals when
 * {@code p + s} rises {@code warningLevel} / {@code driftLevel} standard deviations above its
 * recorded minimum. Its WARNING state is what lets a learner start a background model early.
 *
 * <p>Inputs must be 0 (correct) or 1 (error). Follows MOA's {@code DDM}: {@code p} is the running
 * error rate, {@code s = sqrt(p(1-p)/n)}, the minimum of {@code p + s} is recorded once
 * {@code n >= minInstances}, WARNING when {@code p + s > pmin + warningLevel*smin}, DRIFT when
 * {@code p + s > pmin + driftLevel*smin} (and {@code n > minInstances}); after a drift the
 * statistics restart on the next input, as in MOA.
 *
 * <p>One deliberate deviation: MOA records a minimum with {@code s = 0} after an error-free
 * warm-up, which turns the first error afterwards into a DRIFT (a classifier with a 2% error rate
 * has a 55% chance of 30 clean predictions). Here a minimum is recorded only when {@code s > 0}.
 *
 * <p>{@link #statistic()} is {@code (p + s - pmin) / smin}, the distance above the minimum in
 * units of {@code smin} (0 until a minimum exists). Defaults: minInstances 30, warning 2.0,
 * drift 3.0.
 */
public final class DdmDetector implements DriftDetector {

    public static final int DEFAULT_MIN_INSTANCES = 30;
    public static final double DEFAULT_WARNING_LEVEL = 2.0;
    public static final double DEFAULT_DRIFT_LEVEL = 3.0;
    private static final int FORMAT = 0x4444_4d01; // "DDM" v1

    private final int minInstances;
    private final double warningLevel;
    private final double driftLevel;
    private long n;
    private double p;
    private double s;
    private double pMin;
    private double sMin;
    private double psMin;
    private double statistic;
    private boolean restartPending;
    private long detections;

    /** DDM with the defaults of Gama et al. and MOA. */
    public DdmDetector() {
        this(DEFAULT_MIN_INSTANCES, DEFAULT_WARNING_LEVEL, DEFAULT_DRIFT_LEVEL);
    }

    /**
     * @param minInstances inputs before a minimum is recorded and a drift may be reported
     * @param warningLevel standard deviations above the minimum for WARNING
     * @param driftLevel   standard deviations above the minimum for DRIFT; must exceed warningLevel
     */
    public DdmDetector(int minInstances, double warningLevel, double driftLevel) {
        Formats.require(minInstances >= 1, "minInstances must be >= 1", minInstances);
        Formats.require(warningLevel > 0, "warningLevel must be > 0", warningLevel);
        Formats.require(driftLevel > warningLevel, "driftLevel must exceed warningLevel", driftLevel);
        this.minInstances = minInstances;
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
        reset();
    }

    @Override
    public DriftState update(double error) {
        if (restartPending) {
            restart();
        }
        p += (error - p) / n;
        s = Math.sqrt(p * (1 - p) / n);
        n++;
        if (n < minInstances) {
            return DriftState.STABLE;
        }
        if (s > 0 && p + s <= psMin) {
            pMin = p;
            sMin = s;
            psMin = p + s;
        }
        if (sMin == Double.MAX_VALUE) {
            return DriftState.STABLE;
        }
        statistic = (p + s - pMin) / sMin;
        if (n > minInstances && p + s > pMin + driftLevel * sMin) {
            restartPending = true;
            detections++;
            return DriftState.DRIFT;
        }
        return p + s > pMin + warningLevel * sMin ? DriftState.WARNING : DriftState.STABLE;
    }

    @Override
    public void reset() {
        restart();
    }

    private void restart() {
        n = 1;
        p = 1;
        s = 0;
        pMin = Double.MAX_VALUE;
        sMin = Double.MAX_VALUE;
        psMin = Double.MAX_VALUE;
        statistic = 0;
        restartPending = false;
    }

    @Override
    public String name() {
        return Detectors.DDM;
    }

    @Override
    public double statistic() {
        return statistic;
    }

    @Override
    public long detections() {
        return detections;
    }

    /** Running error rate since the last restart. */
    public double estimation() {
        return p;
    }

    @Override
    public DdmDetector copy() {
        DdmDetector c = new DdmDetector(minInstances, warningLevel, driftLevel);
        c.n = n;
        c.p = p;
        c.s = s;
        c.pMin = pMin;
        c.sMin = sMin;
        c.psMin = psMin;
        c.statistic = statistic;
        c.restartPending = restartPending;
        c.detections = detections;
        return c;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(minInstances);
        out.writeDouble(warningLevel);
        out.writeDouble(driftLevel);
        out.writeLong(n);
        out.writeDouble(p);
        out.writeDouble(s);
        out.writeDouble(pMin);
        out.writeDouble(sMin);
        out.writeDouble(psMin);
        out.writeDouble(statistic);
        out.writeBoolean(restartPending);
        out.writeLong(detections);
    }

    /** Reads a detector written by {@link #writeTo}. */
    public static DdmDetector readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "DDM");
        DdmDetector d = new DdmDetector(in.readInt(), in.readDouble(), in.readDouble());
        d.n = in.readLong();
        d.p = in.readDouble();
        d.s = in.readDouble();
        d.pMin = in.readDouble();
        d.sMin = in.readDouble();
        d.psMin = in.readDouble();
        d.statistic = in.readDouble();
        d.restartPending = in.readBoolean();
        d.detections = in.readLong();
        return d;
    }
}
