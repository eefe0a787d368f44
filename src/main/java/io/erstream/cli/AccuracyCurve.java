package io.erstream.cli;

import io.erstream.eval.PrequentialEvaluation;
import java.util.Arrays;

/** Samples the rolling accuracy of a prequential run at a fixed stride, for {@code evaluate --plot}. */
final class AccuracyCurve implements PrequentialEvaluation.Observer {

    private final boolean[] ring;
    private final long stride;
    private int filled;
    private int next;
    private int correct;
    private long[] index = new long[256];
    private double[] accuracy = new double[256];
    private int points;

    AccuracyCurve(int window, long expectedExamples) {
        this.ring = new boolean[window];
        this.stride = Math.max(1, expectedExamples / 500);
    }

    @Override
    public void scored(long example, boolean ok) {
        if (filled == ring.length && ring[next]) {
            correct--;
        }
        ring[next] = ok;
        if (ok) {
            correct++;
        }
        next = (next + 1) % ring.length;
        filled = Math.min(filled + 1, ring.length);
        if ((example + 1) % stride == 0) {
            add(example + 1, correct / (double) filled);
        }
    }

    private void add(long at, double value) {
        if (points == index.length) {
            index = Arrays.copyOf(index, points * 2);
            accuracy = Arrays.copyOf(accuracy, points * 2);
        }
        index[points] = at;
        accuracy[points] = value;
        points++;
    }

    long[] index() {
        return Arrays.copyOf(index, points);
    }

    double[] accuracy() {
        return Arrays.copyOf(accuracy, points);
    }
}
