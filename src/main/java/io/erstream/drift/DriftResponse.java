package io.erstream.drift;

import io.erstream.learn.OnlineReflection;
import io.erstream.learn.WarmStart;

/**
 * How one classifier answers drift: its detector, the policy, the background learner of
 * {@link DriftPolicy#WARN_THEN_SWAP}, and what the last example made the detector say. One mechanism for
 * {@link DriftAwareLearner} ({@code evaluate}) and the stream's keyed models, so both answer a drift the same way.
 * In the stream it is part of the model's state (and of its snapshot), not a side channel, because the policy
 * changes the learner: only if the model's one state transition drives it can journal replay reproduce a reset or
 * a swap bit for bit.
 *
 * <p>Under {@link DriftPolicy#WARN_THEN_SWAP} a snapshot taken while warning carries the background learner too, so
 * it is up to twice the usual size (the snapshot interval is sized without it).
 */
public final class DriftResponse {

    private final DriftDetector detector;
    private final DriftPolicy policy;
    private OnlineReflection background; // warn-then-swap, while warning
    private DriftState state;
    private boolean reportable; // transient: the last example opened a warning run or was a drift
    private long retiredUpdates; // of learners replaced by reset-model / swap: versions never go back
    private long retiredRefused;
    private final WarmStart origin; // what a replacement learner starts from, or null: zero weights and the prior

    public DriftResponse(DriftDetector detector, DriftPolicy policy, OnlineReflection background, DriftState state,
               long retiredUpdates, long retiredRefused) {
        this(detector, policy, background, state, retiredUpdates, retiredRefused, null);
    }

    /**
     * @param origin the warm start a replacement learner (reset-model, warn-then-swap) starts from, with the live
     *     learner's spec; null starts it from zero weights and the prior
     */
    public DriftResponse(DriftDetector detector, DriftPolicy policy, OnlineReflection background, DriftState state,
               long retiredUpdates, long retiredRefused, WarmStart origin) {
        this.origin = origin;
        this.detector = detector;
        this.policy = policy;
        this.background = background;
        this.state = state;
        this.retiredUpdates = retiredUpdates;
        this.retiredRefused = retiredRefused;
    }

    public static DriftResponse fresh(DriftDetector detector, DriftPolicy policy) {
        return new DriftResponse(detector, policy, null, DriftState.STABLE, 0, 0);
    }

    /** As {@link #fresh(DriftDetector, DriftPolicy)}, replacing learners by {@code origin}'s output learner. */
    public static DriftResponse fresh(DriftDetector detector, DriftPolicy policy, WarmStart origin) {
        return new DriftResponse(detector, policy, null, DriftState.STABLE, 0, 0, origin);
    }

    /**
     * Scores one prequential prediction (wrong or not), updates the detector and applies the policy to
     * {@code live}. Returns the learner that learns this example and predicts from now on.
     */
    public OnlineReflection observe(boolean wrong, OnlineReflection live) {
        DriftState previous = state;
        state = detector.update(wrong ? 1.0 : 0.0);
        reportable = state == DriftState.DRIFT || (state == DriftState.WARNING && previous != DriftState.WARNING);
        return respond(live);
    }

    private OnlineReflection respond(OnlineReflection live) {
        switch (policy) {
            case NONE -> {
                return live;
            }
            case RESET_COVARIANCE -> {
                if (state == DriftState.DRIFT) {
                    live.resetCovariance();
                }
                return live;
            }
            case RESET_MODEL -> {
                return state == DriftState.DRIFT ? replace(live, fresh(live)) : live;
            }
            case WARN_THEN_SWAP -> {
                return warnThenSwap(live);
            }
            default -> throw new IllegalStateException("unhandled drift policy " + policy);
        }
    }

    private OnlineReflection warnThenSwap(OnlineReflection live) {
        if (state == DriftState.WARNING && background == null) {
            background = fresh(live);
        } else if (state == DriftState.DRIFT) {
            OnlineReflection next = background != null ? background : fresh(live);
            background = null;
            return replace(live, next);
        } else if (state == DriftState.STABLE) {
            background = null;
        }
        return live;
    }

    /**
     * Keeps the model version (and refusal count) continuous across a replaced learner: a swapped-in background
     * learner already counts the examples it shared with the retired one, so only the difference is carried over.
     */
    private OnlineReflection replace(OnlineReflection retired, OnlineReflection next) {
        retiredUpdates += retired.updates() - next.updates();
        retiredRefused += retired.refused() - next.refused();
        return next;
    }

    private OnlineReflection fresh(OnlineReflection like) {
        return origin != null ? origin.learner(like.spec()) : new OnlineReflection(like.spec(), like.dimension());
    }

    /** The warm start replacement learners start from (null: zero). */
    public WarmStart origin() {
        return origin;
    }

    /** Trains the background learner, if any, on the example the live learner learns. */
    public void trainBackground(double[] x, int label) {
        if (background != null) {
            background.learnOne(x, label);
        }
    }

    /** Whether the last example deserves a drift event: a drift, or the first warning of a run. */
    public boolean reportable() {
        return reportable;
    }

    /** The event's {@code action}: what the policy did about the last example. */
    public String action() {
        if (state == DriftState.DRIFT) {
            return policy.label();
        }
        return state == DriftState.WARNING && policy == DriftPolicy.WARN_THEN_SWAP ? policy.label()
                : DriftPolicy.NONE.label();
    }

    public DriftDetector detector() {
        return detector;
    }

    public DriftPolicy policy() {
        return policy;
    }

    public DriftState state() {
        return state;
    }

    public OnlineReflection background() {
        return background;
    }

    public long retiredUpdates() {
        return retiredUpdates;
    }

    public long retiredRefused() {
        return retiredRefused;
    }
}
