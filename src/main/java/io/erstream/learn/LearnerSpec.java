package io.erstream.learn;

/**
 * Everything that defines an online ER learner before it has seen data. One home for the defaults, so that
 * {@code evaluate}, the stream's default model and tests agree.
 *
 * @param task classification or regression
 * @param classes number of classes (≥ 2) for classification; 1 for regression
 * @param forgetting RLS forgetting factor λ ∈ (0, 1]; effective memory ≈ 1/(1 − λ) examples. With {@code adaptive},
 *     the shortest memory: λ moves between this and 1

 * @param tmax cap on the magnitude of the reflected field (docs/method.md §4: t_max); ignored for regression
 * @param regu ridge strength: the RLS prior is P₀ = I / regu (and forgetting never inflates P beyond it)
 * @param standardize whether inputs are standardised online (Welford mean and variance)
 * @param reflect whether targets are reflected; off gives plain RLS on the spins (or values): a test switch
 * @param adaptive whether the memory adapts: λ = 1 while the model's residuals show no systematic bias, down to
 *     {@code forgetting} while they do (see {@link OnlineReflection})
 * @param covariance how the inverse covariance is kept: the full matrix (exact RLS, O(d²)) or its diagonal (O(d),
 *     for inputs too wide for d²)
 */
public record LearnerSpec(Task task, int classes, double forgetting, double tmax, double regu,
                          boolean standardize, boolean reflect, boolean adaptive, CovarianceKind covariance) {

    public static final double DEFAULT_FORGETTING = 0.998;
    public static final double DEFAULT_TMAX = 3.0;
    public static final double DEFAULT_REGU = 0.01;

    public LearnerSpec {
        if (task == null) {
            throw new IllegalArgumentException("task must be given");
        }
        if (task == Task.CLASSIFICATION && classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2 for classification, got " + classes);
        }
        if (task == Task.REGRESSION && classes != 1) {
            throw new IllegalArgumentException("classes must be 1 for regression, got " + classes);
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new IllegalArgumentException("forgetting must be in (0, 1], got " + forgetting);
        }
        if (!(tmax > 0) || Double.isNaN(tmax)) {
            throw new IllegalArgumentException("tmax must be positive, got " + tmax);
        }
        if (!(regu > 0) || Double.isInfinite(regu)) {
            throw new IllegalArgumentException("regu must be positive and finite, got " + regu);
        }
        if (covariance == null) {
            throw new IllegalArgumentException("covariance must be given");
        }
    }

    /** A spec with the full inverse covariance: every model written before the covariance became a choice. */
    public LearnerSpec(Task task, int classes, double forgetting, double tmax, double regu, boolean standardize,
                       boolean reflect, boolean adaptive) {
        this(task, classes, forgetting, tmax, regu, standardize, reflect, adaptive, CovarianceKind.FULL);
    }

    /** The default classifier for {@code classes} classes. */
    public static LearnerSpec classifier(int classes) {
        return new LearnerSpec(Task.CLASSIFICATION, classes, DEFAULT_FORGETTING, DEFAULT_TMAX, DEFAULT_REGU,
                true, true, true);
    }

    /** The default regressor (identity link: ER is exactly recursive least squares). */
    public static LearnerSpec regressor() {
        return new LearnerSpec(Task.REGRESSION, 1, DEFAULT_FORGETTING, DEFAULT_TMAX, DEFAULT_REGU, true, true, true);
    }

    public LearnerSpec withForgetting(double value) {
        return new LearnerSpec(task, classes, value, tmax, regu, standardize, reflect, adaptive, covariance);
    }

    public LearnerSpec withTmax(double value) {
        return new LearnerSpec(task, classes, forgetting, value, regu, standardize, reflect, adaptive, covariance);
    }

    public LearnerSpec withRegu(double value) {
        return new LearnerSpec(task, classes, forgetting, tmax, value, standardize, reflect, adaptive, covariance);
    }

    public LearnerSpec withStandardize(boolean value) {
        return new LearnerSpec(task, classes, forgetting, tmax, regu, value, reflect, adaptive, covariance);
    }

    public LearnerSpec withReflect(boolean value) {
        return new LearnerSpec(task, classes, forgetting, tmax, regu, standardize, value, adaptive, covariance);
    }

    public LearnerSpec withAdaptive(boolean value) {
        return new LearnerSpec(task, classes, forgetting, tmax, regu, standardize, reflect, value, covariance);
    }

    public LearnerSpec withCovariance(CovarianceKind value) {
        return new LearnerSpec(task, classes, forgetting, tmax, regu, standardize, reflect, adaptive, value);
    }

    /** Number of output units: one per class for multiclass (one-vs-rest), one for binary and regression. */
    public int outputs() {
        return task == Task.CLASSIFICATION && classes > 2 ? classes : 1;
    }
}
