package io.erstream.learn.research;

import io.erstream.learn.Standardizer;
import java.util.SplittableRandom;

/**
 * The nonlinear feature layer under online ER: maps an input x to (x̂, hat(x̂ᵢ)…, cos(ωⱼ·x̂ + bⱼ)…), where x̂ is x
 * standardised online. Two families, because the streams need two kinds of nonlinearity:
 * <ul>
 *   <li>per-feature piecewise-linear "hat" bases (a spline of each input): a linear model over them is an additive
 *       model that can put a sharp threshold at any value of any one input (Agrawal's rules);
 *   <li>random Fourier features of a Gaussian kernel (Rahimi and Recht): a linear model over them approximates
 *       kernel regression, so it can follow smooth multi-modal class regions and their interactions (random RBF).
 * </ul>
 * Online ER on top re-solves all output weights by recursive least squares, so the hidden layer needs no training
 * of its own; it is fixed by the seed, which makes the learner deterministic.
 *
 * <p>The standardisation base changes only at the {@link Standardizer}'s rebase points (doubling counts, then
 * rarely), so between them the features of an input stay fixed, as least squares assumes.
 */
public final class RandomFeatures {

    private final int dimension;
    private final int knots;
    private final int randomFeatures;
    private final double knotLow;
    private final double knotStep;
    private final double[] frequencies;
    private final double[] phases;
    private final double amplitude;
    private final Standardizer standardizer;
    private final double[] standardized;
    private final double[] scratchScale;
    private final double[] scratchShift;

    /**
     * @param dimension input features
     * @param knots hat functions per input, on [−2, 2] standard deviations (0: none)
     * @param randomFeatures random Fourier features (0: none)
     * @param bandwidth kernel width, in units of √dimension standard deviations
     * @param seed draws the frequencies and phases
     */
    public RandomFeatures(int dimension, int knots, int randomFeatures, double bandwidth, long seed) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (knots < 0 || knots == 1 || randomFeatures < 0) {
            throw new IllegalArgumentException("need knots = 0 or >= 2 and randomFeatures >= 0, got " + knots + ", "
                    + randomFeatures);
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("bandwidth must be positive and finite, got " + bandwidth);
        }
        this.dimension = dimension;
        this.knots = knots;
        this.randomFeatures = randomFeatures;
        this.knotLow = -2.0;
        this.knotStep = knots >= 2 ? 4.0 / (knots - 1) : 1.0;
        this.frequencies = new double[randomFeatures * dimension];
        this.phases = new double[randomFeatures];
        this.amplitude = Math.sqrt(2.0);
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1.0 / (bandwidth * Math.sqrt(dimension));
        for (int j = 0; j < randomFeatures; j++) {
            for (int i = 0; i < dimension; i++) {
                frequencies[j * dimension + i] = Gaussian.next(random) * scale;
            }
            phases[j] = 2 * Math.PI * random.nextDouble();
        }
        this.standardizer = new Standardizer(dimension);
        this.standardized = new double[dimension];
        this.scratchScale = new double[dimension];
        this.scratchShift = new double[dimension];
    }

    /** Input features. */
    public int dimension() {
        return dimension;
    }

    /** Output features: inputs, hats, random features. */
    public int outputDimension() {
        return dimension * (1 + knots) + randomFeatures;
    }

    /** Writes the features of {@code x} into {@code out} (length {@link #outputDimension()}); no allocation. */
    public void transform(double[] x, double[] out) {
        standardizer.transform(x, standardized, 0);
        System.arraycopy(standardized, 0, out, 0, dimension);
        int o = dimension;
        if (knots > 0) {
            double inv = 1.0 / knotStep;
            for (int i = 0; i < dimension; i++) {
                double u = (standardized[i] - knotLow) * inv;
                if (u < 0) {
                    u = 0;
                } else if (u > knots - 1) {
                    u = knots - 1;
                }
                for (int b = 0; b < knots; b++) {
                    double t = 1.0 - Math.abs(u - b);
                    out[o + b] = t > 0 ? t : 0.0;
                }
                o += knots;
            }
        }
        for (int j = 0; j < randomFeatures; j++) {
            double s = phases[j];
            int row = j * dimension;
            for (int i = 0; i < dimension; i++) {
                s += frequencies[row + i] * standardized[i];
            }
            out[o + j] = amplitude * Math.cos(s);
        }
    }

    /** Adds {@code x} to the standardisation statistics (call once per learnt example, after transforming it). */
    public void observe(double[] x) {
        if (standardizer.observe(x)) {
            standardizer.rebase(scratchScale, scratchShift);
        }
    }
}
