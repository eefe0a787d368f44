package io.erstream.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this application instance currently serves, for interactive queries. Stream threads publish a new
 * {@link ModelView} per changed model every {@link #REFRESH} (wall clock), so readers see state at most that old
 * and never contend with learning. A model appears after its key's first record on this instance and disappears
 * when its task moves away.
 */
public final class ModelViews {

    /** How often changed models are republished. */
    public static final java.time.Duration REFRESH = java.time.Duration.ofMillis(500);

    private final Map<String, ModelView> views = new ConcurrentHashMap<>();
    /** Tasks initialised here whose stored models are not published yet (see {@link #settled}). */
    private final java.util.concurrent.atomic.AtomicInteger announcing = new java.util.concurrent.atomic.AtomicInteger();

    public Optional<ModelView> get(String key) {
        return Optional.ofNullable(views.get(key));
    }

    /** An unmodifiable live view of all published models. */
    public Map<String, ModelView> all() {
        return java.util.Collections.unmodifiableMap(views);
    }

    void publish(KeyedModel model) {
        views.put(model.key(), new ModelView(model));
    }

    void remove(String key) {
        views.remove(key);
    }

    /** A task started here; until {@link #announced} its stored models may be missing from the views. */
    void announcing() {
        announcing.incrementAndGet();
    }

    /** A task published its stored models (or closed before it could). */
    void announced() {
        announcing.decrementAndGet();
    }

    /**
     * Whether every task of this instance has published its stored models: while not, a key absent from the views
     * may still exist here, so the honest answer is "retry", not "not found".
     */
    public boolean settled() {
        return announcing.get() == 0;
    }
}
