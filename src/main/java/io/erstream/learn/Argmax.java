package io.erstream.learn;

/**
 * The predicted class: the index of the largest value, ties to the lowest index. One rule for every caller —
 * learning, scoring, drift detection, predictions, queries — so they never disagree on what was predicted.
 */
public final class Argmax {

    private Argmax() {
    }

    /** The index of the largest of {@code values}, ties to the lowest. */
    public static int of(double[] values) {
        return of(values, 0, values.length);
    }

    /** The index (from {@code offset}) of the largest of {@code values[offset, offset + length)}, ties to the lowest. */
    public static int of(double[] values, int offset, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (values[offset + k] > values[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
