package io.erstream.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Views of up to {@value #MAX_VIEWS} live models of this instance, for the live page and for queries that should
 * not touch the store. Stream threads publish a new {@link ModelView} per changed model every {@link #REFRESH}
 * (wall clock), so readers see state at most that old and never contend with learning. A model gets a view when it
 * changes while there is room, and loses it when it leaves the cache or its task moves away; a model without a view
 * is read from the store ({@link StoredModels}).
 *
 * <p>Bounded because encoding a view of every changed model twice a second is, with many keys, work per record
 * rather than per model: with a million keys most records change a model no one is looking at. The first models to
 * change keep their views while they stay live, so with few keys every model has one; with Zipf-distributed keys
 * the popular ones do.
 */
public final class ModelViews {

    /** How often changed models are republished. */
    public static final java.time.Duration REFRESH = java.time.Duration.ofMillis(500);

    /** Most models with a view per instance (about 1.5 KB each at d = 10). */
    public static final int MAX_VIEWS = 1024;

    private final Map<String, ModelView> views = new ConcurrentHashMap<>();

    public Optional<ModelView> get(String key) {
        return Optional.ofNullable(views.get(key));
    }

    /** An unmodifiable live view of all published models. */
    public Map<String, ModelView> all() {
        return java.util.Collections.unmodifiableMap(views);
    }

    /** Whether a model of {@code key} has a view or would get one: it is worth refreshing. */
    boolean accepts(String key) {
        return views.size() < MAX_VIEWS || views.containsKey(key);
    }

    /**
     * Publishes a new view of {@code model} if it has one or there is room (the check is per call, so concurrent
     * stream threads can each add one past the bound). Returns whether it has a view now.
     */
    boolean publish(KeyedModel model) {
        if (!accepts(model.key())) {
            return false;
        }
        views.put(model.key(), new ModelView(model));
        return true;
    }

    void remove(String key) {
        views.remove(key);
    }
}
