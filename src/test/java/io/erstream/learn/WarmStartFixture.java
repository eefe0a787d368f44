package io.erstream.learn;

import io.erstream.learn.research.MultilayerReflection;
import java.util.Random;

/**
 * Seeded synthetic data that a linear model cannot separate and a small tanh network can: six Gaussian blobs on a
 * circle in the first two inputs, class = blob index mod 3 (opposite blobs share a class), plus two noise inputs.
 * And a multilayer model fitted on it with a warm start made from that fit, shared by the learn and stream tests.
 */
public final class WarmStartFixture {

    public static final int DIMENSION = 4;
    public static final int CLASSES = 3;
    public static final int HIDDEN = 16;

    public final double[][] x;
    public final int[] y;
    public final MultilayerModel model;
    public final WarmStart warmStart;

    private WarmStartFixture(int n, long seed, int hidden) {
        double[][][] data = new double[1][][];
        int[][] labels = new int[1][];
        blobs(n, seed, data, labels);
        this.x = data[0];
        this.y = labels[0];
        this.model = MultilayerReflection.fit(x, y, CLASSES, MultilayerReflection.Options.defaults(hidden, 1));
        this.warmStart = WarmStart.of(model, x, LearnerSpec.DEFAULT_REGU);
    }

    /** A 4 → 16 → 3 network fitted on 1,500 rows (seed 1). */
    public static WarmStartFixture small() {
        return new WarmStartFixture(1500, 1, HIDDEN);
    }

    /** The same data, another width: a different warm start. */
    public static WarmStartFixture withHidden(int hidden) {
        return new WarmStartFixture(1500, 1, hidden);
    }

    /** {@code n} rows of the blobs, seeded. */
    public static void blobs(int n, long seed, double[][][] xOut, int[][] yOut) {
        Random random = new Random(seed);
        double[][] x = new double[n][DIMENSION];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int blob = random.nextInt(6);
            double angle = Math.PI * blob / 3;
            x[i][0] = 2 * Math.cos(angle) + 0.45 * random.nextGaussian();
            x[i][1] = 2 * Math.sin(angle) + 0.45 * random.nextGaussian();
            x[i][2] = random.nextGaussian();
            x[i][3] = random.nextGaussian();
            y[i] = blob % 3;
        }
        xOut[0] = x;
        yOut[0] = y;
    }
}
