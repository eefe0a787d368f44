package io.erstream.drift;

import java.util.SplittableRandom;

/**
 * A seeded, piecewise-constant Bernoulli error stream: the fixture shared by the detector tests
 * and {@link DetectorComparison} (and the MOA comparison beside it), so all measure on the same,
 * reproducible sequences.
 */
public final class BernoulliStream {
    private final SplittableRandom random;
    private final double[] rates;
    private final int segmentLength;
    private long index;

    /** Rate {@code rates[k]} for inputs {@code [k*segmentLength, (k+1)*segmentLength)}. */
    public BernoulliStream(long seed, int segmentLength, double... rates) {
        this.random = new SplittableRandom(seed);
        this.rates = rates.clone();
        this.segmentLength = segmentLength;
    }

    /** Total number of inputs. */
    public long length() {
        return (long) segmentLength * rates.length;
    }

    /** The next 0/1 value (the last rate continues past the end). */
    public double next() {
        int segment = (int) Math.min(index / segmentLength, rates.length - 1);
        index++;
        return random.nextDouble() < rates[segment] ? 1.0 : 0.0;
    }
}
