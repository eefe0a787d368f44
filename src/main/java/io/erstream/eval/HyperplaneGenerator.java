package io.erstream.eval;

import java.util.Random;

/**
 * The rotating hyperplane stream: the standard benchmark for slow, continuous (gradual) drift, and
 * without drift a stable linearly separable problem with label noise.
 *
 * <p>Definition: G. Hulten, L. Spencer and P. Domingos, "Mining time-changing data streams", KDD
 * 2001, as implemented by MOA's {@code HyperplaneGenerator}. Features are uniform in [0,1]^d and the
 * initial weights uniform in [0,1]; the label is 1 iff {@code Σ w_i x_i >= 0.5 Σ w_i}, flipped with
 * probability {@code noise}. After each example every drifting feature {@code i < driftFeatures}
 * moves {@code w_i += sigma_i · magChange} (sigma_i starts at +1) and reverses sigma_i with
 * probability {@code sigmaProbability}. MOA takes the two probabilities as integer percentages.
 *
 * <p>Randomness: one {@link java.util.Random} seeded with {@code seed}; d {@code nextDouble} for
 * the initial weights; per example d {@code nextDouble} for x, one for noise, then one per drifting
 * feature for the sigma reversal.
 */
public final class HyperplaneGenerator extends BoundedGenerator {
    private final Random random;
    private final double[] weights;
    private final double[] sigma;
    private final int driftFeatures;
    private final double magChange;
    private final double noise;
    private final double sigmaProbability;

    /** Creates a stream of {@code n} examples over {@code features} features. */
    public HyperplaneGenerator(long n, long seed, int features, int driftFeatures,
            double magChange, double noise, double sigmaProbability) {
        super(n, requirePositive(features), "0", "1");
        if (driftFeatures < 0 || driftFeatures > features) {
            throw new IllegalArgumentException(
                    "driftFeatures must be in [0, " + features + "], got " + driftFeatures);
        }
        this.random = new Random(seed);
        this.driftFeatures = driftFeatures;
        this.magChange = magChange;
        this.noise = requireProbability("noise", noise);
        this.sigmaProbability = requireProbability("sigmaProbability", sigmaProbability);
        this.weights = new double[features];
        this.sigma = new double[features];
        for (int i = 0; i < features; i++) {
            weights[i] = random.nextDouble();
            sigma[i] = i < driftFeatures ? 1.0 : 0.0;
        }
    }

    /** Our drifting benchmark: 10 features all drifting, magChange 0.001, 5% noise, sigma 10%. */
    public static HyperplaneGenerator rotating(long n, long seed) {
        return new HyperplaneGenerator(n, seed, 10, 10, 0.001, 0.05, 0.1);
    }

    /** A hyperplane that never moves (we use 20 features with 10% noise as the stable control). */
    public static HyperplaneGenerator fixed(long n, long seed, int features, double noise) {
        return new HyperplaneGenerator(n, seed, features, 0, 0.0, noise, 0.0);
    }

    /** A copy of the current weights (allocates: for inspection, not for the hot path). */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    void draw(long index, Example into) {
        double[] x = into.x;
        double sum = 0.0;
        double sumWeights = 0.0;
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
            sum += weights[i] * x[i];
            sumWeights += weights[i];
        }
        int label = sum >= 0.5 * sumWeights ? 1 : 0;
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        into.label = label;
        drift();
    }

    private void drift() {
        for (int i = 0; i < driftFeatures; i++) {
            weights[i] += sigma[i] * magChange;
            if (random.nextDouble() < sigmaProbability) {
                sigma[i] = -sigma[i];
            }
        }
    }

    private static int requirePositive(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        return features;
    }
}
