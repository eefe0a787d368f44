package io.erstream.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A classifier's class names in index order, fixed when the model is created (from
 * {@code erstream.model.labels}) and stored with it, so that changing the configuration later never re-maps the
 * classes of an existing model. A label written as a JSON integer matches the class of the same text.
 */
final class LabelSet {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    /**
     * The set made last: every model of an instance is made with the configured classes, so sharing the one
     * immutable set spares each new model a map, and each new key the parsing of its class names.
     */
    private static volatile LabelSet last;

    private final List<String> names;
    private final Map<String, Integer> index;
    private final boolean[] numeric;

    /** The set of {@code names}: the one made last if it has these names, else a new one. */
    static LabelSet of(List<String> names) {
        LabelSet shared = last;
        if (shared != null && shared.names.equals(names)) {
            return shared;
        }
        shared = new LabelSet(names);
        last = shared;
        return shared;
    }

    private LabelSet(List<String> names) {
        this.names = List.copyOf(names);
        this.index = new HashMap<>();
        this.numeric = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
            numeric[i] = INTEGER.matcher(names.get(i)).matches();
        }
    }

    List<String> names() {
        return names;
    }

    int size() {
        return names.size();
    }

    String name(int classIndex) {
        return names.get(classIndex);
    }

    /** Whether the class name is an integer literal, so JSON output can write it as a number. */
    boolean numeric(int classIndex) {
        return numeric[classIndex];
    }

    /** The class index of {@code parsed}'s label, or throws naming the field. */
    int classOf(ParsedExample parsed) {
        if (parsed.labelKind == ParsedExample.LabelKind.DECIMAL) {
            throw new BadRecordException(Reason.WRONG_TYPE, "label", "field 'label' must be a class name "
                    + "(string or integer) for a classifier, got the decimal " + parsed.labelText);
        }
        Integer at = index.get(parsed.labelText);
        if (at == null) {
            throw new BadRecordException(Reason.UNKNOWN_LABEL, "label", "unknown label '" + parsed.labelText
                    + "'; the classes are " + names);
        }
        return at;
    }
}
