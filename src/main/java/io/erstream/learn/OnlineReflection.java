package io.erstream.learn;

import java.util.Arrays;

/**
 * Online Expectation Reflection (docs/method.md §4): how one example changes the model.
 *
 * <p>Test, then train, one example at a time (run by {@code UsageExamplesTest}):
 * <pre>{@code
 * OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 3);
 * SeaGenerator sea = new SeaGenerator(20_000, 42, 0.1);
 * Example e = new Example(sea.dimension());
 * long correct = 0;
 * while (sea.next(e)) {
 *     correct += model.predictClass(e.x) == e.label ? 1 : 0; // test first,
 *     model.learnOne(e.x, e.label); // then train: no learning rate to tune
 * }
 * }</pre>
 *
 * <p>Each example is first predicted, then learnt: the local fields {@code h = W z} (with {@code z = (1, x̂)},
 * x̂ standardised online) are reflected by the ratio of the observed spin to the predicted one, and the weights
 * are re-solved by recursive least squares towards the reflected fields. There is no learning rate: the RLS
 * gain {@code k = P z / (λ + zᵀ P z)} is the exact least-squares step, and one inverse-covariance matrix
 * {@code P} is shared by every output (all outputs see the same {@code z}).
 *
 * <p>Safety: inputs are checked before they touch the model; an update whose result could be non-finite is
 * refused and counted, leaving the model exactly as it was. Forgetting never makes {@code P} less certain than
 * the prior {@code I / regu} on any coordinate, so unexcited inputs cannot wind the matrix up.
 *
 * <p>Cost O(d²) per example with the full P (O(d) with {@link CovarianceKind#DIAGONAL}), no allocation after
 * construction; how P is stored and updated at machine speed is {@link FullInverseCovariance}'s. Not thread-safe:
 * one owner mutates it.
 */
public final class OnlineReflection implements OnlineLearner {

    /** A sufficient bound: if every magnitude stays below this, no update can overflow. */
    private static final double SAFE = 1e150;
    /** Rate β of the residual averages of the adaptive memory (a window of about 1,000 examples). */
    static final double BIAS_RATE = 0.001;
    /** Bias ratio at which the memory is shortest. */
    static final double BIAS_THRESHOLD = 3.0;

    private final LearnerSpec spec;
    private final int dimension;
    private final int width;
    private final int outputs;
    private final double priorVariance;

    private final double[] weights;
    private final InverseCovariance covariance;
    private final double[] residualBias;
    private double residualPower = 1.0;
    /** The residual averages {@link #adaptiveForgetting} computed, which {@link #commitBias} keeps. */
    private final double[] nextBias;
    private double nextPower;
    private double forgetting;
    private final Standardizer standardizer;

    private long examples;
    private long updates;
    private long refused;

    private final double[] z;
    private final double[] fields;
    private final double[] pz;
    private final double[] errors;
    private final double[] lastInput;
    private boolean fieldsCurrent;
    private final double[] rebaseScale;
    private final double[] rebaseShift;

    /** A fresh model for inputs of {@code dimension} features: zero weights, prior inverse covariance. */
    public OnlineReflection(LearnerSpec spec, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.spec = spec;
        this.dimension = dimension;
        this.width = dimension + 1;
        this.outputs = spec.outputs();
        this.priorVariance = 1.0 / spec.regu();
        this.weights = new double[outputs * width];
        this.covariance = InverseCovariance.of(spec.covariance(), width, priorVariance);
        this.residualBias = new double[outputs * width];
        this.nextBias = new double[outputs * width];
        this.forgetting = spec.forgetting();
        this.standardizer = new Standardizer(dimension);
        this.z = new double[width];
        this.fields = new double[outputs];
        this.pz = new double[width];
        this.errors = new double[outputs];
        this.lastInput = new double[dimension];
        this.rebaseScale = new double[dimension];
        this.rebaseShift = new double[dimension];
        resetCovariance();
    }

    public LearnerSpec spec() {
        return spec;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int classes() {
        return spec.classes();
    }

    @Override
    public Task task() {
        return spec.task();
    }

    /** Examples offered to {@link #learnOne}, refused ones included. */
    public long examples() {
        return examples;
    }

    /**
     * Whether this model is, bit for bit, the one {@code new OnlineReflection(spec(), dimension())} makes: offered
     * no example, zero weights, the prior covariance. Only then is it determined by its parameters alone
     * ({@link ModelCodec#encodeInitial}); a copy of a warm start's learner, say, has learnt nothing here but is not
     * initial.
     */
    public boolean isInitial() {
        return examples == 0 && updates == 0 && refused == 0 && allZero(weights) && allZero(residualBias)
                && Double.doubleToRawLongBits(residualPower) == Double.doubleToRawLongBits(1.0)
                && Double.doubleToRawLongBits(forgetting) == Double.doubleToRawLongBits(spec.forgetting())
                && standardizer.isInitial() && covariance.isPrior();
    }

    /** Whether every entry is +0.0 (a -0.0 or NaN is state a new array does not have). */
    static boolean allZero(double[] values) {
        for (double v : values) {
            if (Double.doubleToRawLongBits(v) != 0L) {
                return false;
            }
        }
        return true;
    }

    /** Updates applied: the model's version. */
    @Override
    public long updates() {
        return updates;
    }

    /** Updates refused because their result could not be finite. */
    @Override
    public long refused() {
        return refused;
    }

    // ---------------------------------------------------------------- predict

    /**
     * Class probabilities into {@code out} (length {@link #classes()}). Binary: (1 − σ(h), σ(h)); multiclass:
     * the one-vs-rest σ(h_k) normalised to sum 1.
     */
    @Override
    public void predictProba(double[] x, double[] out) {
        requireClassification();
        requireLength(x);
        if (out.length != spec.classes()) {
            requireFinite(x); // the input's fault is reported first
            throw new IllegalArgumentException("out must have length " + spec.classes() + ", got " + out.length);
        }
        computeFields(x);
        probabilitiesFromFields(fields, out);
    }

    /** The most probable class (ties to the lowest index). */
    public int predictClass(double[] x) {
        requireClassification();
        requireLength(x);
        computeFields(x);
        if (outputs == 1) {
            return fields[0] > 0 ? 1 : 0;
        }
        return Argmax.of(fields, 0, outputs);
    }

    /** The regression prediction (identity link). */
    @Override
    public double predictValue(double[] x) {
        if (spec.task() != Task.REGRESSION) {
            throw new IllegalStateException("predictValue is for regression models; this one classifies");
        }
        requireLength(x);
        computeFields(x);
        return fields[0];
    }

    /** Local fields for {@code x} into {@code out} (length = outputs): for inspection and multilayer use. */
    public void fields(double[] x, double[] out) {
        requireLength(x);
        computeFields(x);
        System.arraycopy(fields, 0, out, 0, outputs);
    }

    /** Maps local fields to class probabilities (caller-owned {@code out}). */
    public void probabilitiesFromFields(double[] h, double[] out) {
        if (outputs == 1) {
            double p = Reflection.sigmoid(h[0]);
            out[0] = 1.0 - p;
            out[1] = p;
            return;
        }
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            out[k] = Reflection.sigmoid(h[k]);
            sum += out[k];
        }
        for (int k = 0; k < outputs; k++) {
            out[k] /= sum;
        }
    }

    // ---------------------------------------------------------------- learn

    /**
     * Learns one labelled example. Returns {@code true} if the model changed, {@code false} if the update was
     * refused (counted in {@link #refused()}; the model is untouched).
     *
     * @throws IllegalArgumentException for a wrong-length or non-finite input or a label out of range; the model
     *     is untouched and nothing is counted
     */
    @Override
    public boolean learnOne(double[] x, int label) {
        requireClassification();
        requireLength(x);
        if (label < 0 || label >= spec.classes()) {
            requireFinite(x);
            throw new IllegalArgumentException("label " + label + " is outside [0, " + spec.classes() + ")");
        }
        fieldsFor(x);
        if (outputs == 1) {
            errors[0] = target(fields[0], label == 1 ? 1.0 : -1.0) - fields[0];
        } else {
            for (int k = 0; k < outputs; k++) {
                errors[k] = target(fields[k], label == k ? 1.0 : -1.0) - fields[k];
            }
        }
        return update(x);
    }

    /** Learns one example of a regression model: the reflected field is the target itself. */
    @Override
    public boolean learnOne(double[] x, double target) {
        if (spec.task() != Task.REGRESSION) {
            throw new IllegalStateException("learnOne(x, double) is for regression models; this one classifies");
        }
        requireLength(x);
        if (!Double.isFinite(target)) {
            requireFinite(x);
            throw new IllegalArgumentException("target must be finite, got " + target);
        }
        fieldsFor(x);
        errors[0] = target - fields[0];
        return update(x);
    }

    /**
     * Re-opens the inverse covariance to the prior while keeping the weights: the model re-learns fast after a
     * change without a short memory all the time (docs/method.md §4, covariance reset).
     */
    public void resetCovariance() {
        fieldsCurrent = false;
        Arrays.fill(residualBias, 0.0);
        covariance.reset();
    }

    private double target(double h, double spin) {
        if (!spec.reflect()) {
            return spin;
        }
        return Reflection.unitSpinClipped(h, spin, spec.tmax());
    }

    /** Applies the RLS step toward the fields' targets in {@link #errors}, or refuses it. */
    private boolean update(double[] x) {
        examples++;
        fieldsCurrent = false;
        double lambda = spec.adaptive() ? adaptiveForgetting() : spec.forgetting();
        covariance.multiply(z, pz);
        double zpz = 0;
        double pzMax = 0;
        for (int i = 0; i < width; i++) {
            double s = pz[i];
            zpz += z[i] * s;
            pzMax = Math.max(pzMax, Math.abs(s));
        }
        double denominator = lambda + zpz;
        double errorMax = 0;
        for (int k = 0; k < outputs; k++) {
            errorMax = Math.max(errorMax, Math.abs(errors[k]));
        }
        if (!isSafe(denominator, pzMax, errorMax) || spec.standardize() && !standardizer.canObserve(x, SAFE)) {
            refused++;
            return false;
        }
        if (spec.adaptive()) {
            commitBias();
        }
        forgetting = lambda;
        double inv = 1.0 / denominator;
        stepWeights(inv);
        covariance.downdate(pz, 1.0 / lambda);
        if (spec.standardize() && standardizer.observe(x)) {
            rebase();
        }
        updates++;
        return true;
    }

    /**
     * The forgetting factor for this update, from a bias test on the residuals. At the least-squares solution the
     * residual is uncorrelated with the inputs (the normal equations), so an exponential average
     * {@code g = ⟨z·e⟩} over about 1/{@value #BIAS_RATE} examples has {@code E|g|² ≈ (β/2)·(d+1)·⟨e²⟩}; when the
     * world drifts the model lags, residuals line up with the inputs, and |g|² grows. The ratio maps linearly to
     * λ: 1 (keep everything) at ratio ≤ 1, {@code spec.forgetting()} at ratio ≥ {@value #BIAS_THRESHOLD}. One
     * stationary stream and two drifting ones chose these constants (docs/results/online-er.md); nothing here is per-dataset.
     * The averages advance only if the update is applied: they go to {@link #nextBias} and {@link #nextPower}, and
     * {@link #commitBias} keeps them.
     */
    private double adaptiveForgetting() {
        double squared = 0;
        for (int k = 0; k < outputs; k++) {
            squared += errors[k] * errors[k];
        }
        double noise = (1 - BIAS_RATE) * residualPower + BIAS_RATE * squared;
        nextPower = noise;
        double bias = 0;
        for (int k = 0; k < outputs; k++) {
            int row = k * width;
            double e = errors[k];
            for (int i = 0; i < width; i++) {
                double g = (1 - BIAS_RATE) * residualBias[row + i] + BIAS_RATE * z[i] * e;
                nextBias[row + i] = g;
                bias += g * g;
            }
        }
        double expected = 0.5 * BIAS_RATE * width * noise;
        double ratio = expected > 0 ? bias / expected : 0;
        double fraction = Math.min(1.0, Math.max(0.0, (ratio - 1) / (BIAS_THRESHOLD - 1)));
        return 1.0 - (1.0 - spec.forgetting()) * fraction;
    }

    private void commitBias() {
        System.arraycopy(nextBias, 0, residualBias, 0, residualBias.length);
        residualPower = nextPower;
    }

    /** The forgetting factor of the last update: 1 while stationary, lower while the residuals show drift. */
    public double forgetting() {
        return forgetting;
    }

    private boolean isSafe(double denominator, double pzMax, double errorMax) {
        if (!(denominator >= spec.forgetting()) || !(denominator < SAFE) || !(errorMax < SAFE) || !(pzMax < SAFE)) {
            return false;
        }
        double gainMax = pzMax / denominator;
        return gainMax * errorMax < SAFE && pzMax * gainMax < SAFE;
    }

    /**
     * The weights' RLS step {@code w_k += P z · e_k / (λ + zᵀ P z)} ({@code inv} = 1 / (λ + zᵀ P z)), and
     * {@code P z} scaled in place to {@code q = P z / √(λ + zᵀ P z)} for the downdate
     * {@code P ← (P − q qᵀ) / λ}: each entry subtracts {@code q_i q_j}, so a full P stays exactly symmetric. The
     * last output's step and the scaling share one pass.
     */
    private void stepWeights(double inv) {
        int last = (outputs - 1) * width;
        for (int k = 0; k < outputs - 1; k++) {
            double step = errors[k] * inv;
            int row = k * width;
            for (int i = 0; i < width; i++) {
                weights[row + i] += pz[i] * step;
            }
        }
        double step = errors[outputs - 1] * inv;
        double root = Math.sqrt(inv);
        for (int i = 0; i < width; i++) {
            double s = pz[i];
            weights[last + i] += s * step;
            pz[i] = s * root;
        }
    }

    /**
     * Moves to the standardiser's new coordinates without changing the model's function: with old
     * {@code z = T z'}, the weights become {@code Tᵀ w} and the inverse covariance {@code Tᵀ P T}. T is the
     * identity but for its diagonal (scales) and first column (shifts), so this is O(d²), and it runs
     * O(log n) times early on, then once per {@link Standardizer#REBASE_PERIOD} examples.
     */
    private void rebase() {
        standardizer.rebase(rebaseScale, rebaseShift);
        Arrays.fill(residualBias, 0.0);
        for (int k = 0; k < outputs; k++) {
            int row = k * width;
            double bias = weights[row];
            for (int j = 0; j < dimension; j++) {
                bias += weights[row + 1 + j] * rebaseShift[j];
                weights[row + 1 + j] *= rebaseScale[j];
            }
            weights[row] = bias;
        }
        covariance.rebase(rebaseScale, rebaseShift);
    }

    // ---------------------------------------------------------------- internals

    /**
     * Fields for {@code x}, reusing those of the last prediction when it was for the same input and model: then
     * {@code x} equals an input already found finite, and is not checked again.
     */
    private void fieldsFor(double[] x) {
        if (!fieldsCurrent || !Arrays.equals(x, lastInput)) {
            computeFields(x);
        }
    }

    /**
     * {@code z} and the fields for {@code x} (its length checked), and whether every feature is finite, which is
     * checked here rather than in a pass of its own: a non-finite feature makes its z non-finite (x − μ is, and
     * so is its product by a scale or weight, zero included), and then the first field too, as no sum of a NaN or
     * infinite term is finite. Only a non-finite first field, rare otherwise, takes the feature by feature check,
     * which throws before anything but this scratch has changed.
     */
    private void computeFields(double[] x) {
        fieldsCurrent = false;
        System.arraycopy(x, 0, lastInput, 0, dimension);
        z[0] = 1.0;
        double first = 0;
        first += weights[0] * z[0];
        if (spec.standardize()) {
            first = standardizer.transformDot(x, z, 1, weights, first);
        } else {
            System.arraycopy(x, 0, z, 1, dimension);
            first = dot(0, 1, first);
        }
        if (!Double.isFinite(first)) {
            requireFinite(x);
        }
        fields[0] = first;
        for (int k = 1; k < outputs; k++) {
            fields[k] = dot(k * width, 0, 0);
        }
        fieldsCurrent = true;
    }

    /** {@code s} plus the weights from {@code row + from} times z from {@code from}, in ascending order. */
    private double dot(int row, int from, double s) {
        for (int i = from; i < width; i++) {
            s += weights[row + i] * z[i];
        }
        return s;
    }

    private void requireLength(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " features, got " + x.length);
        }
    }

    private void requireFinite(double[] x) {
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("feature " + i + " is not finite: " + x[i]);
            }
        }
    }

    private void requireClassification() {
        if (spec.task() != Task.CLASSIFICATION) {
            throw new IllegalStateException("this is a regression model; use predictValue / learnOne(x, double)");
        }
    }

    // ---------------------------------------------------------------- state access for the codec and summaries

    /** Weights, row-major (outputs × (1 + dimension)), bias first in each row. A copy. */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Inverse covariance P, row-major ((1 + dimension)²). A copy; with the diagonal covariance a diagonal matrix
     * (so O(d²) memory here, for inspection only).
     */
    public double[] inverseCovariance() {
        return covariance.toMatrix();
    }

    public int outputs() {
        return outputs;
    }

    Standardizer standardizer() {
        return standardizer;
    }

    double[] weightsView() {
        return weights;
    }

    /** P itself, for the codec and warm starts. */
    InverseCovariance covariance() {
        return covariance;
    }

    double[] residualBiasView() {
        return residualBias;
    }

    double residualPower() {
        return residualPower;
    }

    void restoreAdaptiveState(double power, double lastForgetting) {
        this.residualPower = power;
        this.forgetting = lastForgetting;
    }

    void restoreCounters(long examples, long updates, long refused) {
        this.examples = examples;
        this.updates = updates;
        this.refused = refused;
    }

    /** A deep copy: for immutable snapshots served to readers while the owner keeps learning. */
    public OnlineReflection copy() {
        OnlineReflection c = new OnlineReflection(spec, dimension);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        c.covariance.copyFrom(covariance);
        c.standardizer.copyFrom(standardizer);
        System.arraycopy(residualBias, 0, c.residualBias, 0, residualBias.length);
        c.residualPower = residualPower;
        c.forgetting = forgetting;
        c.restoreCounters(examples, updates, refused);
        return c;
    }
}
