package io.erstream.learn.research;

import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.Task;
import java.util.Arrays;

/**
 * Online ER made nonlinear in two complementary ways, both learnt with the same reflection and recursive least
 * squares as linear online ER (no learning rate anywhere):
 * <ol>
 *   <li>a fixed feature layer ({@link RandomFeatures}): per-input spline bases and random Fourier features, so one
 *       linear ER model can draw thresholds on any single input and smooth multi-modal regions;
 *   <li>a Hoeffding-style partition of the input space whose leaves are such ER models: a leaf splits on one input
 *       once the class counts show, with Hoeffding-bound confidence, that a threshold separates the classes
 *       (information gain, as in a Hoeffding tree). This supplies what an additive model over the features lacks:
 *       sharp interactions (Agrawal's "if age &lt; 40 then salary band A, else band B").
 * </ol>
 * A new leaf starts as a copy of its parent's model with the inverse covariance reopened, so splitting loses
 * nothing already learnt and the leaf specialises fast. The number of leaves is capped, so memory and the
 * per-example cost (one leaf's O(D²) update) are bounded.
 *
 * <p>Beside the partition a plain linear online ER model learns every example too, and whichever of the two has
 * the lower discounted Brier score predicts ({@link #linearPredicts()}): on a linear stream, hundreds of nonlinear
 * features only add variance, and the linear expert keeps the learner close to linear ER there.
 *
 * <p>Safety: the input and label are checked before anything changes; if the leaf refuses the update, neither the
 * split statistics nor the feature layer's standardisation advance, so the whole model is as it was.
 * Classification only. Not thread-safe; the per-example path allocates nothing (a split allocates its leaves).
 */
public final class NonlinearReflection implements OnlineLearner {

    /** Spline knots per input. */
    public static final int DEFAULT_KNOTS = 9;
    /** Random Fourier features. */
    public static final int DEFAULT_RANDOM_FEATURES = 100;
    /** Gaussian-kernel width, in √d standard deviations of the standardised input. */
    public static final double DEFAULT_BANDWIDTH = 1.0;
    /** Most leaves of the partition. */
    public static final int DEFAULT_MAX_LEAVES = 8;

    /** Split-candidate bins per input over [−{@value #BIN_RANGE}, {@value #BIN_RANGE}] standard deviations. */
    static final int BINS = 32;
    static final double BIN_RANGE = 2.4;
    /** Examples a leaf sees between split attempts. */
    static final int GRACE = 200;
    /** Hoeffding-bound confidence 1 − δ, and the tie threshold below which the best split is taken anyway. */
    static final double DELTA = 1e-7;
    static final double TIE = 0.05;
    /**
     * Per-example discount of the two experts' Brier scores that choose between them (a memory of ~1,000 examples;
     * measured: 0.995 switched on noise and cost the rotating hyperplane about a point).
     */
    static final double LOSS_DISCOUNT = 0.999;
    /** A split must gain at least this much information (bits) to be worth a leaf. */
    static final double MIN_GAIN = 0.01;

    private final LearnerSpec spec;
    private final RandomFeatures features;
    private final int maxLeaves;
    private final int inputs;
    private final int classes;
    private Node root;
    private int leaves = 1;

    private final double[] lifted;
    private final double[] lastInput;
    private boolean liftedCurrent;
    private final OnlineReflection linear;
    private double linearLoss;
    private double nonlinearLoss;
    private final double[] linearProba;
    private final double[] nonlinearProba;
    private final long[] leftCounts;
    private final long[] totalCounts;
    private long updates;
    private long refused;

    /** One node: a leaf (model and split statistics) or an internal node (input, threshold, children). */
    private static final class Node {
        OnlineReflection model;
        long[] counts; // [input][bin][class]
        long seen;
        int feature = -1;
        double threshold;
        Node left;
        Node right;
    }

    public NonlinearReflection(LearnerSpec spec, RandomFeatures features, int maxLeaves) {
        if (spec.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("the nonlinear learner classifies; regression is not supported");
        }
        if (maxLeaves < 1) {
            throw new IllegalArgumentException("maxLeaves must be at least 1, got " + maxLeaves);
        }
        this.spec = spec;
        this.features = features;
        this.maxLeaves = maxLeaves;
        this.inputs = features.dimension();
        this.classes = spec.classes();
        this.root = leaf(new OnlineReflection(spec, features.outputDimension()));
        this.lifted = new double[features.outputDimension()];
        this.lastInput = new double[inputs];
        this.linear = new OnlineReflection(spec, inputs);
        this.linearProba = new double[classes];
        this.nonlinearProba = new double[classes];
        this.leftCounts = new long[classes];
        this.totalCounts = new long[classes];
    }

    /** The defaults: the same for every stream (docs/results/nonlinear.md). */
    public static NonlinearReflection withDefaults(LearnerSpec spec, int dimension, long seed) {
        return new NonlinearReflection(spec, new RandomFeatures(dimension, DEFAULT_KNOTS, DEFAULT_RANDOM_FEATURES,
                DEFAULT_BANDWIDTH, seed), DEFAULT_MAX_LEAVES);
    }

    private Node leaf(OnlineReflection model) {
        Node n = new Node();
        n.model = model;
        n.counts = new long[inputs * BINS * classes];
        return n;
    }

    @Override
    public int dimension() {
        return inputs;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Task task() {
        return Task.CLASSIFICATION;
    }

    /** Leaves of the partition now. */
    public int leaves() {
        return leaves;
    }

    @Override
    public void predictProba(double[] x, double[] out) {
        if (out.length != classes) {
            throw new IllegalArgumentException("out must have length " + classes + ", got " + out.length);
        }
        lift(x);
        predictBoth(x);
        System.arraycopy(linearPredicts() ? linearProba : nonlinearProba, 0, out, 0, classes);
    }

    /**
     * Whether the linear expert predicts now: the one with the lower discounted Brier score does (the goodness of
     * fit that batch ER uses to stop). So a linear stream is not paid for with the variance of hundreds of
     * nonlinear features, and a nonlinear one moves to the leaves as soon as they predict better.
     */
    public boolean linearPredicts() {
        return linearLoss < nonlinearLoss;
    }

    private static double brier(double[] p, int label) {
        double s = 0;
        for (int k = 0; k < p.length; k++) {
            double e = p[k] - (k == label ? 1.0 : 0.0);
            s += e * e;
        }
        return s;
    }

    private void predictBoth(double[] x) {
        linear.predictProba(x, linearProba);
        route().model.predictProba(lifted, nonlinearProba);
    }

    @Override
    public double predictValue(double[] x) {
        throw new IllegalStateException("the nonlinear learner classifies; it has no regression value");
    }

    @Override
    public boolean learnOne(double[] x, double target) {
        throw new IllegalStateException("the nonlinear learner classifies; learn with a class label");
    }

    @Override
    public boolean learnOne(double[] x, int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + classes + ")");
        }
        lift(x);
        predictBoth(x);
        Node leaf = route();
        if (!leaf.model.learnOne(lifted, label)) {
            refused++;
            return false;
        }
        if (!linear.learnOne(x, label)) {
            // Rare (the linear update could not be finite): that expert stands still and is scored as it is.
            refused++;
        }
        linearLoss = LOSS_DISCOUNT * linearLoss + brier(linearProba, label);
        nonlinearLoss = LOSS_DISCOUNT * nonlinearLoss + brier(nonlinearProba, label);
        count(leaf, label);
        features.observe(x);
        liftedCurrent = false;
        updates++;
        if (leaf.seen % GRACE == 0 && leaves < maxLeaves) {
            trySplit(leaf);
        }
        return true;
    }

    /** Re-opens every leaf's inverse covariance (the drift response of docs/method.md §4), keeping weights and partition. */
    public void resetCovariance() {
        linear.resetCovariance();
        resetCovariance(root);
        liftedCurrent = false;
    }

    private static void resetCovariance(Node n) {
        if (n.model != null) {
            n.model.resetCovariance();
        } else {
            resetCovariance(n.left);
            resetCovariance(n.right);
        }
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public long refused() {
        return refused;
    }

    // ---------------------------------------------------------------- partition

    private Node route() {
        Node n = root;
        while (n.model == null) {
            n = lifted[n.feature] <= n.threshold ? n.left : n.right;
        }
        return n;
    }

    private static int bin(double standardized) {
        int b = (int) Math.floor((standardized + BIN_RANGE) * (BINS / (2 * BIN_RANGE)));
        return b < 0 ? 0 : Math.min(BINS - 1, b);
    }

    private static double edge(int b) {
        return -BIN_RANGE + (b + 1) * (2 * BIN_RANGE / BINS);
    }

    private void count(Node leaf, int label) {
        long[] c = leaf.counts;
        for (int i = 0; i < inputs; i++) {
            c[(i * BINS + bin(lifted[i])) * classes + label]++;
        }
        leaf.seen++;
    }

    /**
     * Splits {@code leaf} on the input and threshold of highest information gain if the Hoeffding bound says it
     * beats the best threshold of every other input (or the two are too close to matter), as a Hoeffding tree
     * does. Thresholds are bin edges; the bins are in standard deviations of each input.
     */
    private void trySplit(Node leaf) {
        long[] c = leaf.counts;
        Arrays.fill(totalCounts, 0); // class totals: every input's bins hold every example, so input 0's suffice
        for (int b = 0; b < BINS; b++) {
            for (int k = 0; k < classes; k++) {
                totalCounts[k] += c[b * classes + k];
            }
        }
        double n = leaf.seen;
        double parent = entropy(totalCounts, n);
        double best = 0;
        double second = 0;
        int bestFeature = -1;
        int bestBin = -1;
        for (int i = 0; i < inputs; i++) {
            Arrays.fill(leftCounts, 0);
            long left = 0;
            double featureBest = 0;
            int featureBin = -1;
            for (int b = 0; b < BINS - 1; b++) {
                int base = (i * BINS + b) * classes;
                for (int k = 0; k < classes; k++) {
                    leftCounts[k] += c[base + k];
                    left += c[base + k];
                }
                long right = leaf.seen - left;
                if (left == 0 || right == 0) {
                    continue;
                }
                double children = (left * entropy(leftCounts, left) + right * rightEntropy(right)) / n;
                double gain = parent - children;
                if (gain > featureBest) {
                    featureBest = gain;
                    featureBin = b;
                }
            }
            if (featureBest > best) {
                second = best;
                best = featureBest;
                bestFeature = i;
                bestBin = featureBin;
            } else if (featureBest > second) {
                second = featureBest;
            }
        }
        if (bestFeature < 0 || best < MIN_GAIN) {
            return;
        }
        double range = Math.log(classes) / Math.log(2);
        double epsilon = Math.sqrt(range * range * Math.log(1 / DELTA) / (2 * n));
        if (best - second > epsilon || epsilon < TIE) {
            split(leaf, bestFeature, edge(bestBin));
        }
    }

    private double rightEntropy(long right) {
        double h = 0;
        for (int k = 0; k < classes; k++) {
            long r = totalCounts[k] - leftCounts[k];
            if (r > 0) {
                double p = (double) r / right;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    private static double entropy(long[] counts, double total) {
        double h = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = count / total;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    private void split(Node leaf, int feature, double threshold) {
        OnlineReflection leftModel = leaf.model.copy();
        OnlineReflection rightModel = leaf.model.copy();
        leftModel.resetCovariance();
        rightModel.resetCovariance();
        leaf.left = leaf(leftModel);
        leaf.right = leaf(rightModel);
        leaf.feature = feature;
        leaf.threshold = threshold;
        leaf.model = null;
        leaf.counts = null;
        leaves++;
    }

    // ---------------------------------------------------------------- input

    private void lift(double[] x) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("expected " + inputs + " features, got " + x.length);
        }
        for (int i = 0; i < inputs; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("feature " + i + " is not finite: " + x[i]);
            }
        }
        if (!liftedCurrent || !Arrays.equals(x, lastInput)) {
            features.transform(x, lifted);
            System.arraycopy(x, 0, lastInput, 0, inputs);
            liftedCurrent = true;
        }
    }
}
