package io.erstream.stream;

import java.util.Arrays;

/**
 * One input example as read from JSON, before it is mapped onto a model. Mutable and reused by one parser, so the
 * hot path does not allocate per feature.
 */
final class ParsedExample {

    /** How the label was written: it decides whether a classifier or a regressor can use it. */
    enum LabelKind { NONE, STRING, INTEGER, DECIMAL }

    String id;
    boolean named;
    int count;
    double[] values = new double[16];
    String[] names = new String[16];
    LabelKind labelKind = LabelKind.NONE;
    /** The label as written, for strings and integers (classifier class names). */
    String labelText;
    /** The label as a number, for integers and decimals (regression targets). */
    double labelNumber;
    boolean hasTimestamp;
    long timestamp;

    void reset() {
        id = null;
        named = false;
        count = 0;
        labelKind = LabelKind.NONE;
        labelText = null;
        labelNumber = 0;
        hasTimestamp = false;
        timestamp = 0;
    }

    void add(String name, double value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            names = Arrays.copyOf(names, count * 2);
        }
        names[count] = name;
        values[count++] = value;
    }

    boolean labelled() {
        return labelKind != LabelKind.NONE;
    }
}
