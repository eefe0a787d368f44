package io.erstream.stream;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The models that owe a periodic publication (view, metrics record, snapshot on {@code erstream.models}) because
 * they changed since the last one. A flag word on the model makes the per-record bookkeeping one bit test; only a
 * model's first change since a publication of a kind adds it to that kind's list. One list per kind, so that a
 * drain walks only the models owing that kind: the view refresh runs every 500 ms, and with many keys the models
 * owing metrics and snapshots (every 10 s) are far more than those with a view. Owned by the stream thread.
 */
final class PendingPublications {

    static final int VIEW = 1;
    static final int METRICS = 2;
    static final int MODELS = 4;
    private static final int KINDS = 3;

    @SuppressWarnings("unchecked")
    private final Set<KeyedModel>[] owing = new Set[KINDS]; // identity: KeyedModel keeps Object.equals

    PendingPublications() {
        for (int kind = 0; kind < KINDS; kind++) {
            owing[kind] = new LinkedHashSet<>();
        }
    }

    /** Records that {@code model} owes the publications in {@code flags}. */
    void mark(KeyedModel model, int flags) {
        int added = flags & ~model.pendingPublications;
        if (added == 0) {
            return;
        }
        model.pendingPublications |= added;
        for (int kind = 0; kind < KINDS; kind++) {
            if ((added & (1 << kind)) != 0) {
                owing[kind].add(model);
            }
        }
    }

    /** Runs {@code publish} for every model owing {@code flag}, in order of first change, and clears the flag. */
    void drain(int flag, Consumer<KeyedModel> publish) {
        Set<KeyedModel> models = owing[Integer.numberOfTrailingZeros(flag)];
        for (KeyedModel model : models) {
            model.pendingPublications &= ~flag;
            publish.accept(model);
        }
        models.clear();
    }

    /**
     * Takes {@code model} out (it is leaving the cache) and returns the publications it still owes, for the caller
     * to make now: an evicted model must not be kept alive by what it owes.
     */
    int remove(KeyedModel model) {
        int flags = model.pendingPublications;
        model.pendingPublications = 0;
        for (int kind = 0; kind < KINDS; kind++) {
            if ((flags & (1 << kind)) != 0) {
                owing[kind].remove(model);
            }
        }
        return flags;
    }

    /**
     * Hands {@code stale}'s owed publications over to {@code current} (the same model reloaded from the store after
     * a failed record), so the instance the failure may have changed is never published.
     */
    void replace(KeyedModel stale, KeyedModel current) {
        int flags = remove(stale);
        if (flags != 0 && current != null) {
            mark(current, flags);
        }
    }

    /** Forgets every pending publication (the live models are being dropped). */
    void clear() {
        for (Set<KeyedModel> models : owing) {
            models.forEach(model -> model.pendingPublications = 0);
            models.clear();
        }
    }
}
