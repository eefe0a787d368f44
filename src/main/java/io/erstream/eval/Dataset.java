package io.erstream.eval;

import java.util.Random;

/**
 * A labelled table held in memory, so a file read once can be shuffled, split and replayed as an
 * {@link ExampleStream} any number of times.
 *
 * <p>Classification sets {@link #labels} and {@link #classNames} and leaves {@link #targets} null;
 * regression sets {@link #targets} and leaves the other two null. Arrays are shared, not copied,
 * between a dataset and the datasets derived from it: treat them as read-only.
 */
public final class Dataset {
    /** Feature rows, all of length {@link #dimension()}. */
    public final double[][] x;
    /** Class index per row, or null for regression. */
    public final int[] labels;
    /** Target per row, or null for classification. */
    public final double[] targets;
    /** Name of each feature column. */
    public final String[] featureNames;
    /** Class names indexed by label, or null for regression. */
    public final String[] classNames;

    /** Creates a dataset; exactly one of {@code labels} and {@code targets} must be non-null. */
    public Dataset(double[][] x, int[] labels, double[] targets, String[] featureNames,
            String[] classNames) {
        if ((labels == null) == (targets == null) || (labels == null) != (classNames == null)) {
            throw new IllegalArgumentException(
                    "give labels with classNames (classification) or targets alone (regression)");
        }
        int rows = labels != null ? labels.length : targets.length;
        if (x.length != rows) {
            throw new IllegalArgumentException(x.length + " rows but " + rows + " labels/targets");
        }
        for (double[] row : x) {
            if (row.length != featureNames.length) {
                throw new IllegalArgumentException(
                        "row of " + row.length + " features, expected " + featureNames.length);
            }
        }
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.featureNames = featureNames;
        this.classNames = classNames;
    }

    /** Number of rows. */
    public int size() {
        return x.length;
    }

    /** Number of features. */
    public int dimension() {
        return featureNames.length;
    }

    /** Number of classes, or 0 for regression. */
    public int classes() {
        return classNames == null ? 0 : classNames.length;
    }

    /** A stream replaying the rows in order, copying each into the caller's holder. */
    public ExampleStream stream() {
        return new DatasetStream(this);
    }

    /** The same rows in an order drawn by a {@link java.util.Random} seeded with {@code seed}. */
    public Dataset shuffled(long seed) {
        return select(permutation(size(), seed), 0, size());
    }

    /**
     * Shuffles with {@code seed}, then cuts into {@code {first, rest}} where {@code first} holds
     * {@code round(fraction · size)} rows.
     */
    public Dataset[] split(double fraction, long seed) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        int[] order = permutation(size(), seed);
        int cut = (int) Math.round(fraction * size());
        return new Dataset[] {select(order, 0, cut), select(order, cut, size())};
    }

    private Dataset select(int[] order, int from, int to) {
        int n = to - from;
        double[][] rows = new double[n][];
        int[] newLabels = labels == null ? null : new int[n];
        double[] newTargets = targets == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            int source = order[from + i];
            rows[i] = x[source];
            if (newLabels != null) {
                newLabels[i] = labels[source];
            } else {
                newTargets[i] = targets[source];
            }
        }
        return new Dataset(rows, newLabels, newTargets, featureNames, classNames);
    }

    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
