package io.erstream.stream;

import java.util.List;

/**
 * What {@link TopicReconciler#apply()} did and what is left.
 *
 * @param fixed     differences that existed before and that apply resolved (topics created, configs set)
 * @param remaining differences still present afterwards; empty means the cluster is in sync
 */
public record ReconcileResult(List<TopicDifference> fixed, List<TopicDifference> remaining) {

    public ReconcileResult {
        fixed = List.copyOf(fixed);
        remaining = List.copyOf(remaining);
    }

    public boolean inSync() {
        return remaining.isEmpty();
    }
}
