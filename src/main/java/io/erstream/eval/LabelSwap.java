package io.erstream.eval;

/**
 * A concept change made on purpose: from example {@code from} on (0-based), the labels of two classes trade places,
 * as if the world had renamed them. The features are untouched, so a frozen model keeps predicting the old names and
 * only a learner that adapts can follow. For measuring adaptation on real data ({@code evaluate --swap-labels}).
 */
public final class LabelSwap implements ExampleStream {

    private final ExampleStream inner;
    private final int first;
    private final int second;
    private final long from;
    private long seen;

    public LabelSwap(ExampleStream inner, int first, int second, long from) {
        if (inner.classes() < 2) {
            throw new IllegalArgumentException("label swaps need a classification stream");
        }
        if (first < 0 || second < 0 || first >= inner.classes() || second >= inner.classes() || first == second) {
            throw new IllegalArgumentException("swapped classes must be two distinct indexes in [0, "
                    + inner.classes() + "), got " + first + " and " + second);
        }
        if (from < 0) {
            throw new IllegalArgumentException("the swap must start at an example ≥ 0, got " + from);
        }
        this.inner = inner;
        this.first = first;
        this.second = second;
        this.from = from;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public int classes() {
        return inner.classes();
    }

    @Override
    public String[] classNames() {
        return inner.classNames();
    }

    @Override
    public boolean next(Example into) {
        if (!inner.next(into)) {
            return false;
        }
        if (seen++ >= from) {
            if (into.label == first) {
                into.label = second;
            } else if (into.label == second) {
                into.label = first;
            }
        }
        return true;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public String name() {
        return inner.name() + " (classes " + first + "↔" + second + " from example " + from + ")";
    }
}
