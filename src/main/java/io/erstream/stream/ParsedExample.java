package io.erstream.stream;

import java.util.Arrays;

/**
 * One input example as read from JSON, before it is mapped onto a model. Mutable and reused by one parser, so the
 * hot path does not allocate per feature.
 */
final class ParsedExample {

    /** What a named feature's value is: {@link #values} holds numbers and booleans (0/1), {@link #strings} text. */
    static final byte NUMBER = 0;
    static final byte BOOLEAN = 1;
    static final byte STRING = 2;
    static final byte NULL = 3;

    /** How the label was written: it decides whether a classifier or a regressor can use it. */
    enum LabelKind { NONE, STRING, INTEGER, DECIMAL }

    String id;
    boolean named;
    int count;
    double[] values = new double[16];
    String[] names = new String[16];
    byte[] kinds = new byte[16];
    String[] strings = new String[16];
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
        add(name, NUMBER, value, null);
    }

    void add(String name, byte kind, double value, String text) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            names = Arrays.copyOf(names, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
            strings = Arrays.copyOf(strings, count * 2);
        }
        names[count] = name;
        kinds[count] = kind;
        strings[count] = text;
        values[count++] = value;
    }

    /** Whether every feature is a number (what positional and fixed-name layouts take). */
    boolean numeric() {
        for (int i = 0; i < count; i++) {
            if (kinds[i] != NUMBER) {
                return false;
            }
        }
        return true;
    }

    /** Takes {@code other}'s label (a delayed label joining its example). */
    void takeLabel(ParsedExample other) {
        labelKind = other.labelKind;
        labelText = other.labelText;
        labelNumber = other.labelNumber;
    }

    boolean labelled() {
        return labelKind != LabelKind.NONE;
    }
}
