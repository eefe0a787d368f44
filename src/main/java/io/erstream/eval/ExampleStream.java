package io.erstream.eval;

/**
 * A source of examples read one at a time into a caller-owned {@link Example}: the common shape of
 * synthetic generators and replayed datasets, so an evaluation loop can use either.
 */
public interface ExampleStream {

    /** Number of features in every example. */
    int dimension();

    /** Number of classes, or 0 for a regression stream. */
    int classes();

    /** Class names indexed by label, or null for a regression stream. */
    String[] classNames();

    /**
     * Fills {@code into} with the next example: overwrites {@code into.x} in place and sets its
     * label, target and index.
     *
     * @return false, leaving {@code into} untouched, when the stream is exhausted
     */
    boolean next(Example into);

    /** Total number of examples, or -1 if the stream is unbounded. */
    long size();

    /** A short name for logs and reports. */
    default String name() {
        return getClass().getSimpleName();
    }
}
