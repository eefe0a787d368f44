package io.erstream.learn;

import java.util.SplittableRandom;

/** Seeded test inputs: {@code n} rows of {@code d} features drawn uniformly from [−1, 1). */
public final class UniformInputs {

    private UniformInputs() {
    }

    public static double[][] of(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 2 * random.nextDouble() - 1;
            }
        }
        return x;
    }
}
