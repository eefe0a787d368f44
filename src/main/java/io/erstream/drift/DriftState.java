package io.erstream.drift;

/**
 * State of a {@link DriftDetector} after one input. Three states rather than a boolean so
 * that a model can start training a background learner on {@link #WARNING} before it
 * has to swap on {@link #DRIFT}.
 */
public enum DriftState {
    /** No evidence of change. */
    STABLE,
    /** Evidence of change below the drift threshold; may be reported on consecutive inputs. */
    WARNING,
    /** A change was detected; reported once per change. */
    DRIFT
}
