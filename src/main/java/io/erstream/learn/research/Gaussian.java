package io.erstream.learn.research;

import java.util.SplittableRandom;

/**
 * Standard normal draws for seeded initial weights and random features. Box–Muller, one value per call, because
 * {@link SplittableRandom} has no {@code nextGaussian} on Java 17 and every seeded fit must draw the same values
 * in the same order.
 */
final class Gaussian {

    private Gaussian() {
    }

    /** One draw from N(0, 1). */
    static double next(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
