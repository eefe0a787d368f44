package io.erstream.stream;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The models that owe a periodic publication (view, metrics record, snapshot on {@code erstream.models}) because
 * they changed since the last one. A flag word on the model makes the per-record bookkeeping one bit test; only a
 * model's first change since its publications adds it to the list. Owned by the stream thread.
 */
final class PendingPublications {

    static final int VIEW = 1;
    static final int METRICS = 2;
    static final int MODELS = 4;

    private final Set<KeyedModel> models = new LinkedHashSet<>(); // identity: KeyedModel keeps Object.equals

    /** Records that {@code model} owes the publications in {@code flags}. */
    void mark(KeyedModel model, int flags) {
        int before = model.pendingPublications;
        if ((before | flags) != before) {
            model.pendingPublications = before | flags;
            if (before == 0) {
                models.add(model);
            }
        }
    }

    /** Runs {@code publish} for every model owing {@code flag}, in order of first change, and clears the flag. */
    void drain(int flag, Consumer<KeyedModel> publish) {
        for (KeyedModel model : models) {
            if ((model.pendingPublications & flag) != 0) {
                model.pendingPublications &= ~flag;
                publish.accept(model);
            }
        }
        models.removeIf(model -> model.pendingPublications == 0);
    }

    /** Forgets every pending publication (the live models are being dropped). */
    /**
     * Takes {@code model} out (it is leaving the cache) and returns the publications it still owes, for the caller
     * to make now: an evicted model must not be kept alive by what it owes.
     */
    int remove(KeyedModel model) {
        int flags = model.pendingPublications;
        if (flags != 0) {
            model.pendingPublications = 0;
            models.remove(model);
        }
        return flags;
    }

    /**
     * Hands {@code stale}'s owed publications over to {@code current} (the same model reloaded from the store after
     * a failed record), so the instance the failure may have changed is never published.
     */
    void replace(KeyedModel stale, KeyedModel current) {
        int flags = stale.pendingPublications;
        if (flags == 0) {
            return;
        }
        stale.pendingPublications = 0;
        models.remove(stale);
        if (current != null) {
            mark(current, flags);
        }
    }

    void clear() {
        for (KeyedModel model : models) {
            model.pendingPublications = 0;
        }
        models.clear();
    }
}
