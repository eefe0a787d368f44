package io.erstream.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's input vector is laid out. Positional models take arrays of a fixed length. Named models take
 * objects: the first record's names, in the order written, become indices 0..d−1 for the life of the model (stored
 * in its snapshot, so the mapping survives restore). A later record must carry exactly those names, in any order:
 * an unknown name is {@code unknown-feature}, a missing one {@code missing-field}. (A model that grows new names
 * would change its dimension mid-stream; that is a new model, not a record.)
 */
final class FeatureLayout {

    private final int dimension;
    private final List<String> names; // empty for positional
    private final Map<String, Integer> index;
    private final int[] seen;
    private int generation;

    private FeatureLayout(int dimension, List<String> names) {
        this.dimension = dimension;
        this.names = List.copyOf(names);
        this.index = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            if (index.put(names.get(i), i) != null) {
                throw new BadRecordException(Reason.DUPLICATE_FEATURE, "features." + names.get(i),
                        "feature '" + names.get(i) + "' appears twice");
            }
        }
        this.seen = new int[names.size()];
    }

    static FeatureLayout positional(int dimension) {
        return new FeatureLayout(dimension, List.of());
    }

    static FeatureLayout named(List<String> names) {
        return new FeatureLayout(names.size(), names);
    }

    /** The layout a model's first record defines. */
    static FeatureLayout of(ParsedExample first) {
        if (!first.named) {
            return positional(first.count);
        }
        return named(java.util.Arrays.asList(first.names).subList(0, first.count));
    }

    int dimension() {
        return dimension;
    }

    boolean named() {
        return !names.isEmpty();
    }

    List<String> names() {
        return names;
    }

    /** Writes {@code parsed}'s features into {@code x} in this layout's order, or throws naming the field. */
    void map(ParsedExample parsed, double[] x, String model) {
        if (parsed.named != named()) {
            throw new BadRecordException(Reason.WRONG_TYPE, "features", "field 'features': model '" + model + "' takes "
                    + (named() ? "named features (an object)" : "a feature array") + ", got "
                    + (parsed.named ? "an object" : "an array"));
        }
        if (!named()) {
            if (parsed.count != dimension) {
                throw new BadRecordException(Reason.WRONG_FEATURE_COUNT, "features", "field 'features' has "
                        + parsed.count + " values, model '" + model + "' expects " + dimension);
            }
            System.arraycopy(parsed.values, 0, x, 0, dimension);
            return;
        }
        int mark = ++generation;
        for (int i = 0; i < parsed.count; i++) {
            String name = parsed.names[i];
            Integer at = index.get(name);
            if (at == null) {
                throw new BadRecordException(Reason.UNKNOWN_FEATURE, "features." + name,
                        "unknown feature '" + name + "' for model '" + model + "'");
            }
            if (seen[at] == mark) {
                throw new BadRecordException(Reason.DUPLICATE_FEATURE, "features." + name,
                        "feature '" + name + "' appears twice");
            }
            seen[at] = mark;
            x[at] = parsed.values[i];
        }
        if (parsed.count != dimension) {
            for (int i = 0; i < dimension; i++) {
                if (seen[i] != mark) {
                    throw new BadRecordException(Reason.MISSING_FIELD, "features." + names.get(i),
                            "feature '" + names.get(i) + "' is missing; model '" + model + "' expects all of "
                                    + names);
                }
            }
        }
    }
}
