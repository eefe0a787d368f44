package io.erstream.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The views of the live models of this instance, for interactive queries. Stream threads publish a new
 * {@link ModelView} per changed model every {@link #REFRESH} (wall clock), so readers see state at most that old
 * and never contend with learning. A view appears when its model changes and disappears when the model leaves the
 * cache or its task moves away; a model without a view is read from the store ({@link StoredModels}).
 */
public final class ModelViews {

    /** How often changed models are republished. */
    public static final java.time.Duration REFRESH = java.time.Duration.ofMillis(500);

    private final Map<String, ModelView> views = new ConcurrentHashMap<>();

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
}
