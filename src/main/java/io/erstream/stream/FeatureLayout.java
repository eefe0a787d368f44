package io.erstream.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's input vector is laid out. Positional models take arrays of a fixed length. Named models take
 * objects of numbers, booleans, strings and nulls, encoded by their {@link FeatureEncoder}: fields may be absent,
 * and new fields and categories take inputs from a pool fixed at creation. Models stored with fixed names, and
 * named models behind a warm start (whose inputs are fixed), take objects of exactly their names: the first
 * record's names, in the order written, become indices 0..d−1; an unknown name is {@code unknown-feature}, a
 * missing one {@code missing-field}, a value that is not a number {@code wrong-type}.
 */
final class FeatureLayout {

    private final int dimension;
    private final List<String> names; // empty for positional
    private final Map<String, Integer> index;
    private final int[] seen;
    private final FeatureEncoder encoder; // null: positional or fixed names
    private int generation;

    private FeatureLayout(int dimension, List<String> names) {
        this(dimension, names, null);
    }

    private FeatureLayout(int dimension, List<String> names, FeatureEncoder encoder) {
        this.encoder = encoder;
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

    /** A layout of named features encoded by {@code encoder}: its dimension is the canonical record's. */
    static FeatureLayout encoded(FeatureEncoder encoder) {
        return new FeatureLayout(encoder.canonicalWidth(), List.of(), encoder);
    }

    /**
     * The layout a model's first record defines: positional for an array; for an object, encoded, or with fixed
     * names when {@code fixedNames} (a warm start reads exactly its inputs).
     */
    static FeatureLayout of(ParsedExample first, FeatureEncoder.Settings settings, boolean fixedNames) {
        if (!first.named) {
            return positional(first.count);
        }
        if (fixedNames) {
            return named(java.util.Arrays.asList(first.names).subList(0, first.count));
        }
        return encoded(FeatureEncoder.create(first, settings));
    }

    /** The layout's length as the journal stores it (the canonical record of an encoded layout). */
    int dimension() {
        return dimension;
    }

    /** What the learner reads: the encoder's inputs, or the features themselves. */
    int inputs() {
        return encoder == null ? dimension : encoder.inputs();
    }

    /** The encoder of named features, or null for a positional or fixed-name layout. */
    FeatureEncoder encoder() {
        return encoder;
    }

    boolean named() {
        return !names.isEmpty() || encoder != null;
    }

    List<String> names() {
        return names;
    }

    /** Writes {@code parsed}'s features into {@code x} in this layout's order, or throws naming the field. */
    void map(ParsedExample parsed, double[] x, String model) {
        if (encoder != null && parsed.named) {
            encoder.bind(parsed, x, model);
            return;
        }
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
            if (parsed.kinds[i] != ParsedExample.NUMBER) {
                throw new BadRecordException(Reason.WRONG_TYPE, "features." + name, "feature 'features." + name
                        + "' must be a number: model '" + model + "' has fixed numeric features");
            }
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
