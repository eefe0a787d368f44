package io.erstream.drift;

import java.util.Arrays;
import java.util.List;

/** What a model does when its drift detector fires. */
public enum DriftPolicy {
    /** Detect and report only. */
    NONE("none"),
    /** Re-open the inverse covariance to the prior, keeping the weights: re-learn fast from where it was. */
    RESET_COVARIANCE("reset-covariance"),
    /** Start over from a fresh model. */
    RESET_MODEL("reset-model"),
    /** On a warning, train a fresh model in the background; on the drift, it replaces the live one. */
    WARN_THEN_SWAP("warn-then-swap");

    private final String label;

    DriftPolicy(String label) {
        this.label = label;
    }

    /** The name used on the command line and in drift events. */
    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(DriftPolicy::label).toList();
    }

    /** The policy called {@code label}; unknown names list the valid ones. */
    public static DriftPolicy of(String label) {
        for (DriftPolicy policy : values()) {
            if (policy.label.equals(label)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown drift policy '" + label + "'; valid: " + String.join(", ",
                labels()));
    }
}
