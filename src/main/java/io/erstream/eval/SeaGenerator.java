package io.erstream.eval;

import java.util.Random;

/**
 * The SEA concepts stream with three abrupt drifts, the standard benchmark for sudden change.
 *
 * <p>Definition: W. N. Street and Y. Kim, "A streaming ensemble algorithm (SEA) for large-scale
 * classification", KDD 2001, as implemented by MOA's {@code SEAGenerator}. Three attributes are
 * uniform in [0, 10]; only the first two matter. Following the paper, the label is 1 iff
 * {@code x1 + x2 <= θ} (MOA stores the same partition with the indices swapped: its "groupA", index 0,
 * is our 1). The {@code n} examples are cut into four equal blocks with θ = 8, 9, 7, 9.5, so the
 * drifts are at {@link #driftPoints()} = ⌊n/4⌋, ⌊n/2⌋, ⌊3n/4⌋. With probability {@code noise}
 * the label is flipped (MOA takes an integer percentage; we take a probability).
 *
 * <p>Randomness: one {@link java.util.Random} seeded with {@code seed}; per example, three
 * {@code nextDouble} for the attributes, then one {@code nextDouble} for the noise test.
 */
public final class SeaGenerator extends BoundedGenerator {
    private static final double[] THRESHOLDS = {8.0, 9.0, 7.0, 9.5};

    private final Random random;
    private final double noise;
    private final long[] driftPoints;

    /** Creates a stream of {@code n} examples; we use {@code noise = 0.10}. */
    public SeaGenerator(long n, long seed, double noise) {
        super(n, 3, "0", "1");
        this.random = new Random(seed);
        this.noise = requireProbability("noise", noise);
        this.driftPoints = new long[] {quarter(n, 1), quarter(n, 2), quarter(n, 3)};
    }

    /** Indices of the first example of concepts 2, 3 and 4. */
    public long[] driftPoints() {
        return driftPoints.clone();
    }

    /** The threshold θ in force for the example at {@code index}. */
    public double thresholdAt(long index) {
        int concept = 0;
        while (concept < driftPoints.length && index >= driftPoints[concept]) {
            concept++;
        }
        return THRESHOLDS[concept];
    }

    @Override
    void draw(long index, Example into) {
        double[] x = into.x;
        x[0] = 10.0 * random.nextDouble();
        x[1] = 10.0 * random.nextDouble();
        x[2] = 10.0 * random.nextDouble();
        int label = x[0] + x[1] <= thresholdAt(index) ? 1 : 0;
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        into.label = label;
    }

    /** ⌊k·n/4⌋ without overflow. */
    private static long quarter(long n, int k) {
        return n / 4 * k + n % 4 * k / 4;
    }
}
