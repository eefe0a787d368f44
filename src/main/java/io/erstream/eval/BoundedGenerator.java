package io.erstream.eval;

/**
 * The bookkeeping every synthetic stream shares: a bound of {@code n} examples, the running index,
 * and a check that the caller's holder has the right width. Subclasses only draw one example.
 */
abstract class BoundedGenerator implements ExampleStream {
    private final long n;
    private final int dimension;
    private final String[] classNames;
    private long produced;

    BoundedGenerator(long n, int dimension, String... classNames) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        this.n = n;
        this.dimension = dimension;
        this.classNames = classNames.clone();
    }

    /** Draws the example at {@code index} into {@code into.x} and sets {@code into.label}. */
    abstract void draw(long index, Example into);

    @Override
    public final boolean next(Example into) {
        if (produced >= n) {
            return false;
        }
        if (into.x.length != dimension) {
            throw new IllegalArgumentException(
                    "holder has " + into.x.length + " features, stream has " + dimension);
        }
        draw(produced, into);
        into.target = Double.NaN;
        into.index = produced++;
        return true;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final int classes() {
        return classNames.length;
    }

    @Override
    public final String[] classNames() {
        return classNames.clone();
    }

    @Override
    public final long size() {
        return n;
    }

    static double requireProbability(String what, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
        return p;
    }
}
