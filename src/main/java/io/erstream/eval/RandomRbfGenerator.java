package io.erstream.eval;

import java.util.Random;

/**
 * The random radial-basis-function stream with moving centroids: non-linear, multi-modal class
 * regions that drift continuously, the standard benchmark for incremental drift.
 *
 * <p>Definition: MOA's {@code RandomRBFGeneratorDrift} (A. Bifet et al.), built on Kirkby's
 * {@code RandomRBFGenerator}. Each centroid has a centre uniform in [0,1]^d, a class uniform over
 * the classes, a standard deviation uniform in [0,1] and a weight uniform in [0,1]. An example picks
 * a centroid with probability proportional to its weight, draws a direction uniform in [-1,1]^d,
 * normalises it and scales it by a Gaussian times the centroid's standard deviation; the label is
 * the centroid's class. Features are therefore centred in [0,1] but not clipped to it. Before each
 * example the first {@code driftingCentroids} centres move by {@code speed} along their unit speed
 * vector (components uniform in [0,1], normalised, as MOA draws them) and bounce off the walls of
 * the unit cube. Our setting: 10 features, 2 classes, 50 centroids, all 50 drifting, speed 0.0001.
 *
 * <p>Randomness: a model {@link java.util.Random} seeded with {@code seed} draws the centroids and
 * then their speed vectors (MOA re-seeds for the speeds; we continue the same generator), and an
 * instance {@code Random} with a seed derived from {@code seed} draws the examples.
 */
public final class RandomRbfGenerator extends BoundedGenerator {
    private final Random random;
    private final double[][] centres;
    private final int[] labels;
    private final double[] stdDevs;
    private final double[] cumulativeWeights;
    private final double[][] velocities;
    private final double speed;

    /** Creates a stream of {@code n} examples. */
    public RandomRbfGenerator(long n, long seed, int features, int classes, int centroids,
            int driftingCentroids, double speed) {
        super(n, features, classNames(classes));
        if (features < 1 || centroids < 1 || driftingCentroids < 0 || speed < 0) {
            throw new IllegalArgumentException("need features >= 1, centroids >= 1, "
                    + "driftingCentroids >= 0 and speed >= 0");
        }
        Random model = new Random(seed);
        this.centres = new double[centroids][features];
        this.labels = new int[centroids];
        this.stdDevs = new double[centroids];
        this.cumulativeWeights = new double[centroids];
        drawCentroids(model, classes);
        this.velocities = new double[Math.min(driftingCentroids, centroids)][features];
        drawVelocities(model);
        this.speed = speed;
        this.random = new Random(Seeds.derive(seed, 1));
    }

    /** Our benchmark: 10 features, 2 classes, 50 centroids all drifting at speed 0.0001. */
    public static RandomRbfGenerator benchmark(long n, long seed) {
        return new RandomRbfGenerator(n, seed, 10, 2, 50, 50, 0.0001);
    }

    /** A copy of centroid {@code i}'s current centre (allocates: for inspection only). */
    public double[] centre(int i) {
        return centres[i].clone();
    }

    @Override
    void draw(long index, Example into) {
        moveCentroids();
        int c = chooseCentroid();
        double[] x = into.x;
        double magnitude = 0.0;
        for (int i = 0; i < x.length; i++) {
            x[i] = 2.0 * random.nextDouble() - 1.0;
            magnitude += x[i] * x[i];
        }
        double scale = random.nextGaussian() * stdDevs[c] / Math.sqrt(magnitude);
        if (!Double.isFinite(scale)) {
            scale = 0.0;
        }
        double[] centre = centres[c];
        for (int i = 0; i < x.length; i++) {
            x[i] = centre[i] + x[i] * scale;
        }
        into.label = labels[c];
    }

    private void moveCentroids() {
        for (int j = 0; j < velocities.length; j++) {
            double[] centre = centres[j];
            double[] velocity = velocities[j];
            for (int i = 0; i < centre.length; i++) {
                centre[i] += velocity[i] * speed;
                if (centre[i] > 1.0 || centre[i] < 0.0) {
                    centre[i] = centre[i] > 1.0 ? 1.0 : 0.0;
                    velocity[i] = -velocity[i];
                }
            }
        }
    }

    private int chooseCentroid() {
        int last = cumulativeWeights.length - 1;
        double u = random.nextDouble() * cumulativeWeights[last];
        int c = 0;
        while (c < last && cumulativeWeights[c] <= u) {
            c++;
        }
        return c;
    }

    private void drawCentroids(Random model, int classes) {
        double total = 0.0;
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < centres[c].length; i++) {
                centres[c][i] = model.nextDouble();
            }
            labels[c] = model.nextInt(classes);
            stdDevs[c] = model.nextDouble();
            total += model.nextDouble();
            cumulativeWeights[c] = total;
        }
    }

    private void drawVelocities(Random model) {
        for (double[] velocity : velocities) {
            double norm = 0.0;
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] = model.nextDouble();
                norm += velocity[i] * velocity[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] /= norm;
            }
        }
    }

    private static String[] classNames(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        String[] names = new String[classes];
        for (int k = 0; k < classes; k++) {
            names[k] = "class" + (k + 1);
        }
        return names;
    }
}
