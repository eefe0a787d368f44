package io.erstream.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Test-then-train scores of a regressor on a stream: cumulative RMSE and MAE, plus RMSE over a
 * sliding window to show recovery after drift.
 *
 * <p>{@link #record} is O(1) amortised and allocates nothing. The window sum is recomputed from
 * the ring buffer each time the buffer wraps, so rounding errors of add-and-subtract cannot pile
 * up. Scores of an empty record are NaN.
 */
public final class RegressionMetrics {
    private final double[] window;
    private long examples;
    private double squaredSum;
    private double absoluteSum;
    private double windowSum;
    private int windowFill;
    private int windowNext;

    /** Scores with a rolling window of {@code window} examples. */
    public RegressionMetrics(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = new double[window];
    }

    /** Scores one prediction. */
    public void record(double truth, double prediction) {
        double error = prediction - truth;
        double squared = error * error;
        examples++;
        squaredSum += squared;
        absoluteSum += Math.abs(error);
        slide(squared);
    }

    /** Root mean squared error so far. */
    public double rmse() {
        return examples == 0 ? Double.NaN : Math.sqrt(squaredSum / examples);
    }

    /** Mean absolute error so far. */
    public double mae() {
        return examples == 0 ? Double.NaN : absoluteSum / examples;
    }

    /** RMSE over the last {@code window} examples (fewer at the start). */
    public double rollingRmse() {
        return windowFill == 0 ? Double.NaN : Math.sqrt(Math.max(0.0, windowSum) / windowFill);
    }

    /** Number of examples recorded. */
    public long examples() {
        return examples;
    }

    /** Writes the complete state, so that {@link #readFrom} continues the same stream bit-identically. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(window.length);
        out.writeLong(examples);
        out.writeDouble(squaredSum);
        out.writeDouble(absoluteSum);
        out.writeDouble(windowSum);
        out.writeInt(windowFill);
        out.writeInt(windowNext);
        for (double v : window) {
            out.writeDouble(v);
        }
    }

    /** Reads what {@link #writeTo} wrote; throws {@link IOException} for inconsistent state. */
    public static RegressionMetrics readFrom(DataInput in) throws IOException {
        int windowLength = in.readInt();
        if (windowLength < 1 || windowLength > 1 << 24) {
            throw new IOException("regression metrics: bad window " + windowLength);
        }
        RegressionMetrics m = new RegressionMetrics(windowLength);
        m.examples = in.readLong();
        m.squaredSum = in.readDouble();
        m.absoluteSum = in.readDouble();
        m.windowSum = in.readDouble();
        m.windowFill = in.readInt();
        m.windowNext = in.readInt();
        for (int i = 0; i < windowLength; i++) {
            m.window[i] = in.readDouble();
        }
        if (m.examples < 0 || m.windowFill < 0 || m.windowFill > windowLength || m.windowNext < 0
                || m.windowNext >= windowLength) {
            throw new IOException("regression metrics: inconsistent counters");
        }
        return m;
    }

    private void slide(double squared) {
        if (windowFill == window.length) {
            windowSum -= window[windowNext];
        } else {
            windowFill++;
        }
        window[windowNext] = squared;
        windowSum += squared;
        windowNext++;
        if (windowNext == window.length) {
            windowNext = 0;
            windowSum = sum(window, windowFill);
        }
    }

    private static double sum(double[] values, int count) {
        double s = 0.0;
        for (int i = 0; i < count; i++) {
            s += values[i];
        }
        return s;
    }
}
