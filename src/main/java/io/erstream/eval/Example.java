package io.erstream.eval;

/**
 * One labelled example, reused across {@link ExampleStream#next(Example)} calls so that reading a
 * stream allocates nothing per example.
 *
 * <p>For classification streams {@link #label} is the class index and {@link #target} is NaN; for
 * regression streams {@link #target} is the value and {@link #label} is -1. {@link #index} is the
 * 0-based position of the example in its stream.
 */
public final class Example {
    /** Feature values, overwritten in place by each {@code next} call. */
    public final double[] x;
    /** Class index in {@code [0, classes)}, or -1 for regression. */
    public int label;
    /** Regression target, or NaN for classification. */
    public double target;
    /** 0-based position in the stream. */
    public long index;

    /** Creates a holder for examples of the given number of features. */
    public Example(int dimension) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        this.x = new double[dimension];
        this.label = -1;
        this.target = Double.NaN;
        this.index = -1;
    }
}
