package io.erstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads one {@code erstream.examples} value with Jackson's streaming parser (no tree model: the hot path reads
 * tokens straight into a reused {@link ParsedExample}).
 *
 * <pre>{"id": "…", "features": [1.5, 2] | {"name": 1.5 | true | "text" | null, …}, "label": 0 | "spam" | 1.5 | null,
 *  "timestamp": 1700000000000}</pre>
 *
 * Array features are numbers; named features are numbers, booleans, strings or null (how a model encodes them is
 * {@link FeatureEncoder}'s). Checks what can be checked without a model: JSON syntax, field types, finite numbers,
 * strings of at most {@value #MAX_NAME_CHARS} characters, at least one array feature and at most
 * {@code maxFeatures} features, required {@code id} and {@code features}. Unknown top-level fields are ignored
 * (forward compatibility). {@code timestamp} is epoch milliseconds or an ISO-8601 instant string. Not
 * thread-safe: one per processor.
 */
final class ExampleParser {

    /**
     * Parsing doubles was a quarter of the stream thread's time in a JFR profile of the bench (Jackson falling
     * back to the JDK's big-integer path); the fast parser is correctly rounded, so the bits are the same.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /** The longest {@code id}: it is echoed in every prediction, whose size must stay bounded. */
    static final int MAX_ID_CHARS = 1024;
    /** The longest feature name: names are stored in the model's snapshot and shown by {@code /models}. */
    static final int MAX_NAME_CHARS = 1024;

    private final int maxFeatures;

    ExampleParser(int maxFeatures) {
        this.maxFeatures = maxFeatures;
    }

    /** Parses {@code value} into {@code out}; throws {@link BadRecordException} naming the field. */
    void parse(byte[] value, ParsedExample out) {
        parse(value, out, false);
    }

    /**
     * Parses an {@code erstream.labels} value, {@code {"id": "…", "label": …, "timestamp": …}}, into {@code out}
     * (no features): {@code id} and a non-null {@code label} are required. Throws naming the field.
     */
    void parseLabel(byte[] value, ParsedExample out) {
        parse(value, out, true);
    }

    private void parse(byte[] value, ParsedExample out, boolean labelRecord) {
        out.reset();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException(Reason.WRONG_TYPE, "$", "the value must be a JSON object");
            }
            boolean sawFeatures = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "id" -> out.id = id(p, token);
                    case "features" -> {
                        if (labelRecord) {
                            p.skipChildren();
                            continue;
                        }
                        features(p, token, out);
                        sawFeatures = true;
                    }
                    case "label" -> label(p, token, out);
                    case "timestamp" -> timestamp(p, token, out);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRecordException(Reason.MALFORMED_JSON, "$", "unexpected content after the JSON object");
            }
            if (out.id == null) {
                throw new BadRecordException(Reason.MISSING_FIELD, "id", "field 'id' is missing");
            }
            if (labelRecord && !out.labelled()) {
                throw new BadRecordException(Reason.MISSING_FIELD, "label", "field 'label' is missing or null");
            }
            if (!sawFeatures && !labelRecord) {
                throw new BadRecordException(Reason.MISSING_FIELD, "features", "field 'features' is missing");
            }
        } catch (StreamConstraintsException e) {
            // Jackson's own limits (StreamReadConstraints: a name over 50,000 characters, a number over 1,000
            // digits, nesting over 1,000 levels) trip before the checks above can; such an exception has no location
            throw new BadRecordException(Reason.OVERSIZED, "$", "the value exceeds a JSON parser limit: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRecordException(Reason.MALFORMED_JSON, "$", "malformed JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at byte " + at.getByteOffset()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    private static String id(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
            if (p.getTextLength() > MAX_ID_CHARS) {
                throw new BadRecordException(Reason.OVERSIZED, "id", "field 'id' has " + p.getTextLength()
                        + " characters, more than the maximum of " + MAX_ID_CHARS);
            }
            return p.getText();
        }
        throw new BadRecordException(Reason.WRONG_TYPE, "id", "field 'id' must be a string, got " + describe(token));
    }

    private void features(JsonParser p, JsonToken token, ParsedExample out) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            out.named = false;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                String field = "features[" + out.count + "]";
                out.add(null, number(p, token, field));
                checkCount(out);
            }
        } else if (token == JsonToken.START_OBJECT) {
            out.named = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.getTextLength() > MAX_NAME_CHARS) {
                    throw new BadRecordException(Reason.OVERSIZED, "features", "a feature name has "
                            + p.getTextLength() + " characters, more than the maximum of " + MAX_NAME_CHARS);
                }
                String name = p.currentName();
                named(p, p.nextToken(), name, out);
                checkCount(out);
            }
        } else {
            throw new BadRecordException(Reason.WRONG_TYPE, "features",
                    "field 'features' must be an array of numbers or an object of named values, got "
                            + describe(token));
        }
        if (out.count == 0 && !out.named) { // an empty object is an event whose every field is missing
            throw new BadRecordException(Reason.WRONG_FEATURE_COUNT, "features", "field 'features' is empty");
        }
    }

    private void checkCount(ParsedExample out) {
        if (out.count > maxFeatures) {
            throw new BadRecordException(Reason.OVERSIZED, "features",
                    "field 'features' has more than the maximum of " + maxFeatures + " features");
        }
    }

    /** One named feature: a number, a boolean, a string or null; an object or an array names the field. */
    private static void named(JsonParser p, JsonToken token, String name, ParsedExample out) throws IOException {
        switch (token) {
            case VALUE_TRUE -> out.add(name, ParsedExample.BOOLEAN, 1, null);
            case VALUE_FALSE -> out.add(name, ParsedExample.BOOLEAN, 0, null);
            case VALUE_NULL -> out.add(name, ParsedExample.NULL, Double.NaN, null);
            case VALUE_STRING -> {
                if (p.getTextLength() > MAX_NAME_CHARS) {
                    throw new BadRecordException(Reason.OVERSIZED, "features." + name, "feature 'features." + name
                            + "' has " + p.getTextLength() + " characters, more than the maximum of " + MAX_NAME_CHARS);
                }
                out.add(name, ParsedExample.STRING, Double.NaN, p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.add(name, number(p, token, "features." + name));
            default -> throw new BadRecordException(Reason.WRONG_TYPE, "features." + name, "feature 'features."
                    + name + "' must be a number, a boolean, a string or null, got " + describe(token));
        }
    }

    private static double number(JsonParser p, JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new BadRecordException(Reason.WRONG_TYPE, field,
                    "feature '" + field + "' must be a number, got " + describe(token) + quoted(p, token));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new BadRecordException(Reason.NON_FINITE, field,
                    "feature '" + field + "' is not a finite double: " + p.getText());
        }
        return v;
    }

    private static void label(JsonParser p, JsonToken token, ParsedExample out) throws IOException {
        switch (token) {
            case VALUE_NULL -> out.labelKind = ParsedExample.LabelKind.NONE;
            case VALUE_STRING -> {
                out.labelKind = ParsedExample.LabelKind.STRING;
                out.labelText = p.getText();
            }
            case VALUE_NUMBER_INT -> {
                out.labelKind = ParsedExample.LabelKind.INTEGER;
                out.labelText = p.getText();
                out.labelNumber = p.getDoubleValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                out.labelKind = ParsedExample.LabelKind.DECIMAL;
                out.labelText = p.getText();
                out.labelNumber = p.getDoubleValue();
            }
            default -> throw new BadRecordException(Reason.WRONG_TYPE, "label",
                    "field 'label' must be a string, a number or null, got " + describe(token));
        }
    }

    private static void timestamp(JsonParser p, JsonToken token, ParsedExample out) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= 0) {
            out.timestamp = p.getLongValue();
            out.hasTimestamp = true;
            return;
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                out.timestamp = Instant.parse(p.getText()).toEpochMilli();
                out.hasTimestamp = true;
                return;
            } catch (DateTimeParseException | ArithmeticException e) {
                // reported below
            }
        }
        throw new BadRecordException(Reason.WRONG_TYPE, "timestamp",
                "field 'timestamp' must be non-negative epoch milliseconds or an ISO-8601 instant, got "
                        + describe(token) + quoted(p, token));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String quoted(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
            String text = p.getText();
            return " '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
        }
        return "";
    }
}
