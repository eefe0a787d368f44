package io.erstream.cli;

import io.erstream.learn.CovarianceKind;
import io.erstream.learn.LearnerSpec;
import picocli.CommandLine.Option;

/** Online ER's options. Never needed for good results: the defaults are the measured ones. */
final class LearnerOptions {

    @Option(names = "--forgetting", description = "RLS forgetting factor λ in (0, 1] (default "
            + LearnerSpec.DEFAULT_FORGETTING + ")")
    Double forgetting;

    @Option(names = "--tmax", description = "cap on the reflected field's magnitude (default "
            + LearnerSpec.DEFAULT_TMAX + ")")
    Double tmax;

    @Option(names = "--regu", description = "ridge strength; the RLS prior is I/regu (default "
            + LearnerSpec.DEFAULT_REGU + ")")
    Double regu;

    @Option(names = "--fixed-forgetting", description = "keep λ fixed at --forgetting (no adaptive memory)")
    boolean fixedForgetting;

    @Option(names = "--covariance", paramLabel = "full|diagonal", description = "the RLS inverse covariance: full "
            + "(exact, O(d²) per example) or diagonal (O(d), for inputs too wide for d²; docs/results/learning-speed.md"
            + " has its accuracy cost) (default full)")
    String covariance;

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "standardise the inputs online; --no-standardize learns on them as they come, which suits "
                    + "sparse inputs of one scale such as pixels (docs/results/learning-speed.md) (default true)")
    boolean standardize = true;

    LearnerSpec spec(boolean regression, int classes) {
        LearnerSpec spec = regression ? LearnerSpec.regressor() : LearnerSpec.classifier(classes);
        if (forgetting != null) {
            spec = spec.withForgetting(forgetting);
        }
        if (tmax != null) {
            spec = spec.withTmax(tmax);
        }
        if (regu != null) {
            spec = spec.withRegu(regu);
        }
        if (fixedForgetting) {
            spec = spec.withAdaptive(false);
        }
        if (covariance != null) {
            spec = spec.withCovariance(CovarianceKind.of(covariance));
        }
        if (!standardize) {
            spec = spec.withStandardize(false);
        }
        return spec;
    }
}
