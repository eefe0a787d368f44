package io.erstream.learn;

import io.erstream.learn.research.StrictReflection;
import java.util.Arrays;

/**
 * {@link OnlineReflection} as it was before its update was rewritten for speed (commit 23bdeff), kept verbatim
 * but for its name and for reflecting through {@link StrictReflection}, the StrictMath forms the learner then used:
 * the baseline the fast update, with its {@link PortableMath} reflections, must match within 1e-9 relative
 * ({@code OnlineReflectionMatchesReference}) and the JMH baseline it is timed against
 * ({@code io.erstream.bench.OnlineReflectionBenchmark}). Do not optimise it.
 */
public final class ReferenceOnlineReflection implements OnlineLearner {

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
    private final double[] inverseCovariance;
    private final double[] residualBias;
    private double residualPower = 1.0;
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
    private final double[] rebaseColumn;

    /** A fresh model for inputs of {@code dimension} features: zero weights, prior inverse covariance. */
    public ReferenceOnlineReflection(LearnerSpec spec, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.spec = spec;
        this.dimension = dimension;
        this.width = dimension + 1;
        this.outputs = spec.outputs();
        this.priorVariance = 1.0 / spec.regu();
        this.weights = new double[outputs * width];
        this.inverseCovariance = new double[width * width];
        this.residualBias = new double[outputs * width];
        this.forgetting = spec.forgetting();
        this.standardizer = new Standardizer(dimension);
        this.z = new double[width];
        this.fields = new double[outputs];
        this.pz = new double[width];
        this.errors = new double[outputs];
        this.lastInput = new double[dimension];
        this.rebaseScale = new double[dimension];
        this.rebaseShift = new double[dimension];
        this.rebaseColumn = new double[width];
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
        requireInput(x);
        if (out.length != spec.classes()) {
            throw new IllegalArgumentException("out must have length " + spec.classes() + ", got " + out.length);
        }
        computeFields(x);
        probabilitiesFromFields(fields, out);
    }

    /** The most probable class (ties to the lowest index). */
    public int predictClass(double[] x) {
        requireClassification();
        requireInput(x);
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
        requireInput(x);
        computeFields(x);
        return fields[0];
    }

    /** Local fields for {@code x} into {@code out} (length = outputs): for inspection and multilayer use. */
    public void fields(double[] x, double[] out) {
        requireInput(x);
        computeFields(x);
        System.arraycopy(fields, 0, out, 0, outputs);
    }

    /** Maps local fields to class probabilities (caller-owned {@code out}). */
    public void probabilitiesFromFields(double[] h, double[] out) {
        if (outputs == 1) {
            double p = StrictReflection.sigmoid(h[0]);
            out[0] = 1.0 - p;
            out[1] = p;
            return;
        }
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            out[k] = StrictReflection.sigmoid(h[k]);
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
        requireInput(x);
        if (label < 0 || label >= spec.classes()) {
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
        requireInput(x);
        if (!Double.isFinite(target)) {
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
        Arrays.fill(inverseCovariance, 0.0);
        for (int i = 0; i < width; i++) {
            inverseCovariance[i * width + i] = priorVariance;
        }
    }

    private double target(double h, double spin) {
        if (!spec.reflect()) {
            return spin;
        }
        double t = StrictReflection.spin(h, spin);
        return t > spec.tmax() ? spec.tmax() : t < -spec.tmax() ? -spec.tmax() : t;
    }

    /** Applies the RLS step toward the fields' targets in {@link #errors}, or refuses it. */
    private boolean update(double[] x) {
        examples++;
        fieldsCurrent = false;
        double lambda = spec.adaptive() ? adaptiveForgetting() : spec.forgetting();
        double[] p = inverseCovariance;
        double zpz = 0;
        double pzMax = 0;
        for (int i = 0; i < width; i++) {
            double s = 0;
            int row = i * width;
            for (int j = 0; j < width; j++) {
                s += p[row + j] * z[j];
            }
            pz[i] = s;
            zpz += z[i] * s;
            pzMax = Math.max(pzMax, Math.abs(s));
        }
        double denominator = lambda + zpz;
        double errorMax = 0;
        for (int k = 0; k < outputs; k++) {
            errorMax = Math.max(errorMax, Math.abs(errors[k]));
        }
        if (!isSafe(denominator, pzMax, errorMax)) {
            refused++;
            return false;
        }
        if (spec.adaptive()) {
            commitBias();
        }
        forgetting = lambda;
        double inv = 1.0 / denominator;
        for (int k = 0; k < outputs; k++) {
            double step = errors[k] * inv;
            int row = k * width;
            for (int i = 0; i < width; i++) {
                weights[row + i] += pz[i] * step;
            }
        }
        downdateCovariance(inv, 1.0 / lambda);
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
     * Computes without writing: the averages advance only if the update is applied ({@link #commitBias}).
     */
    private double adaptiveForgetting() {
        double squared = 0;
        for (int k = 0; k < outputs; k++) {
            squared += errors[k] * errors[k];
        }
        double noise = (1 - BIAS_RATE) * residualPower + BIAS_RATE * squared;
        double bias = 0;
        for (int k = 0; k < outputs; k++) {
            int row = k * width;
            double e = errors[k];
            for (int i = 0; i < width; i++) {
                double g = (1 - BIAS_RATE) * residualBias[row + i] + BIAS_RATE * z[i] * e;
                bias += g * g;
            }
        }
        double expected = 0.5 * BIAS_RATE * width * noise;
        double ratio = expected > 0 ? bias / expected : 0;
        double fraction = Math.min(1.0, Math.max(0.0, (ratio - 1) / (BIAS_THRESHOLD - 1)));
        return 1.0 - (1.0 - spec.forgetting()) * fraction;
    }

    private void commitBias() {
        double squared = 0;
        for (int k = 0; k < outputs; k++) {
            double e = errors[k];
            squared += e * e;
            int row = k * width;
            for (int i = 0; i < width; i++) {
                residualBias[row + i] = (1 - BIAS_RATE) * residualBias[row + i] + BIAS_RATE * z[i] * e;
            }
        }
        residualPower = (1 - BIAS_RATE) * residualPower + BIAS_RATE * squared;
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
     * {@code P ← (P − P z zᵀ P / (λ + zᵀ P z)) / λ}, row by row over the whole matrix (sequential memory, which
     * the JIT vectorises). With {@code q = P z / √(λ + zᵀ P z)} each entry subtracts {@code q_i q_j}, and IEEE
     * multiplication commutes, so P stays exactly symmetric. Then each diagonal is kept within the prior by a
     * congruence D P D (keeps P positive definite).
     */
    private void downdateCovariance(double inv, double invLambda) {
        double root = Math.sqrt(inv);
        for (int i = 0; i < width; i++) {
            pz[i] *= root;
        }
        double[] p = inverseCovariance;
        for (int i = 0; i < width; i++) {
            double qi = pz[i];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                p[row + j] = (p[row + j] - qi * pz[j]) * invLambda;
            }
        }
        if (invLambda > 1.0) {
            capDiagonal();
        }
    }

    private void capDiagonal() {
        double[] p = inverseCovariance;
        for (int i = 0; i < width; i++) {
            double diagonal = p[i * width + i];
            if (diagonal > priorVariance) {
                double scale = Math.sqrt(priorVariance / diagonal);
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    p[row + j] *= scale;
                    p[j * width + i] *= scale;
                }
            }
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
        double[] p = inverseCovariance;
        // Q = P T: column 0 gathers the shifts, the other columns scale.
        for (int i = 0; i < width; i++) {
            int row = i * width;
            double c = p[row];
            for (int j = 0; j < dimension; j++) {
                c += p[row + 1 + j] * rebaseShift[j];
                p[row + 1 + j] *= rebaseScale[j];
            }
            rebaseColumn[i] = c;
        }
        for (int i = 0; i < width; i++) {
            p[i * width] = rebaseColumn[i];
        }
        // Tᵀ Q: row 0 gathers the shifts, the other rows scale.
        for (int k = 0; k < width; k++) {
            double c = p[k];
            for (int j = 0; j < dimension; j++) {
                c += rebaseShift[j] * p[(1 + j) * width + k];
            }
            rebaseColumn[k] = c;
        }
        for (int j = 0; j < dimension; j++) {
            int row = (1 + j) * width;
            for (int k = 0; k < width; k++) {
                p[row + k] *= rebaseScale[j];
            }
        }
        System.arraycopy(rebaseColumn, 0, p, 0, width);
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                p[j * width + i] = p[i * width + j];
            }
        }
        capDiagonal();
    }

    // ---------------------------------------------------------------- internals

    /** Fields for {@code x}, reusing those of the last prediction when it was for the same input and model. */
    private void fieldsFor(double[] x) {
        if (!fieldsCurrent || !Arrays.equals(x, lastInput)) {
            computeFields(x);
        }
    }

    private void computeFields(double[] x) {
        System.arraycopy(x, 0, lastInput, 0, dimension);
        fieldsCurrent = true;
        z[0] = 1.0;
        if (spec.standardize()) {
            standardizer.transform(x, z, 1);
        } else {
            System.arraycopy(x, 0, z, 1, dimension);
        }
        for (int k = 0; k < outputs; k++) {
            double s = 0;
            int row = k * width;
            for (int i = 0; i < width; i++) {
                s += weights[row + i] * z[i];
            }
            fields[k] = s;
        }
    }

    private void requireInput(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " features, got " + x.length);
        }
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

    /** Inverse covariance P, row-major ((1 + dimension)²). A copy. */
    public double[] inverseCovariance() {
        return inverseCovariance.clone();
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

    double[] inverseCovarianceView() {
        return inverseCovariance;
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
    public ReferenceOnlineReflection copy() {
        ReferenceOnlineReflection c = new ReferenceOnlineReflection(spec, dimension);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        System.arraycopy(inverseCovariance, 0, c.inverseCovariance, 0, inverseCovariance.length);
        c.standardizer.copyFrom(standardizer);
        System.arraycopy(residualBias, 0, c.residualBias, 0, residualBias.length);
        c.residualPower = residualPower;
        c.forgetting = forgetting;
        c.restoreCounters(examples, updates, refused);
        return c;
    }
}
