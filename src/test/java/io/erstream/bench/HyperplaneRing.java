package io.erstream.bench;

import java.util.SplittableRandom;

/**
 * A ring of 4,096 pre-generated examples of a noisy hyperplane (5% label noise, seed 42): the input of the learner
 * benchmarks, so they time the learner and not the generator, and the model keeps learning a real concept.
 */
final class HyperplaneRing {

    private static final int SIZE = 4096;

    final double[][] xs;
    final int[] labels;
    private int next;

    HyperplaneRing(int dimension) {
        SplittableRandom random = new SplittableRandom(42);
        double[] w = new double[dimension];
        double threshold = 0;
        for (int j = 0; j < dimension; j++) {
            w[j] = random.nextDouble();
            threshold += 0.5 * w[j];
        }
        xs = new double[SIZE][dimension];
        labels = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double s = 0;
            for (int j = 0; j < dimension; j++) {
                xs[i][j] = random.nextDouble();
                s += w[j] * xs[i][j];
            }
            labels[i] = (s >= threshold) ^ (random.nextDouble() < 0.05) ? 1 : 0;
        }
    }

    /** The index of the next example, round the ring. */
    int next() {
        int i = next;
        next = (i + 1) & (SIZE - 1);
        return i;
    }
}
