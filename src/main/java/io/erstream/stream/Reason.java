package io.erstream.stream;

/** Why an input record went to the dead-letter topic; {@link #code()} is what the JSON carries. */
public enum Reason {
    MALFORMED_JSON("malformed-json"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    WRONG_FEATURE_COUNT("wrong-feature-count"),
    NON_FINITE("non-finite"),
    UNKNOWN_LABEL("unknown-label"),
    UNKNOWN_FEATURE("unknown-feature"),
    DUPLICATE_FEATURE("duplicate-feature"),
    OVERSIZED("oversized"),
    /** A label whose example did not come within {@code erstream.labels.retention.ms} of record time. */
    UNMATCHED_LABEL("unmatched-label"),
    /** A second label for an id whose label is already waiting or was learnt within the retention. */
    DUPLICATE_LABEL("duplicate-label"),
    /** Not the record's fault as far as erstream can tell: handling it threw; the model is as before it. */
    INTERNAL("internal");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
