package io.erstream.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates JSON against the subset of JSON Schema 2020-12 the topic schemas use. A keyword outside
 * the subset is an error rather than silently ignored, so a schema cannot claim more than is checked.
 */
final class SchemaSubsetValidator {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description",
            "contentEncoding", "contentMediaType");
    private static final Set<String> ASSERTIONS = Set.of("type", "required", "properties",
            "additionalProperties", "enum", "items", "oneOf", "anyOf", "minimum", "maximum",
            "minLength", "pattern", "minItems", "minProperties");

    private SchemaSubsetValidator() {
    }

    /** The violations of {@code schema} by {@code value}, each prefixed with its JSON pointer; empty = valid. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String at, List<String> errors) {
        requireKnownKeywords(schema, at);
        checkType(schema.get("type"), value, at, errors);
        checkEnum(schema.get("enum"), value, at, errors);
        checkNumber(schema, value, at, errors);
        checkString(schema, value, at, errors);
        checkArray(schema, value, at, errors);
        checkObject(schema, value, at, errors);
        checkCombinators(schema, value, at, errors);
    }

    private static void requireKnownKeywords(JsonNode schema, String at) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!ANNOTATIONS.contains(keyword) && !ASSERTIONS.contains(keyword)) {
                throw new IllegalArgumentException("unsupported schema keyword '" + keyword + "' at '" + at + "'");
            }
        }
    }

    private static void checkType(JsonNode type, JsonNode value, String at, List<String> errors) {
        if (type == null) {
            return;
        }
        List<String> allowed = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> allowed.add(t.asText()));
        } else {
            allowed.add(type.asText());
        }
        if (allowed.stream().noneMatch(t -> hasType(value, t))) {
            errors.add(at + ": expected " + allowed + ", was " + value.getNodeType().name().toLowerCase());
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            default -> throw new IllegalArgumentException("unknown type '" + type + "'");
        };
    }

    private static void checkEnum(JsonNode allowed, JsonNode value, String at, List<String> errors) {
        if (allowed == null) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return;
            }
        }
        errors.add(at + ": " + value + " is not one of " + allowed);
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (!value.isNumber()) {
            return;
        }
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            errors.add(at + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
    }

    private static void checkString(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (value.isTextual() && schema.has("minLength")
                && value.asText().codePointCount(0, value.asText().length()) < schema.get("minLength").asInt()) {
            errors.add(at + ": shorter than " + schema.get("minLength") + " characters");
        }
        if (value.isTextual() && schema.has("pattern")
                && !java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            errors.add(at + ": does not match the pattern " + schema.get("pattern"));
        }
    }

    private static void checkArray(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (!value.isArray()) {
            return;
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(at + ": fewer than " + schema.get("minItems") + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "/" + i, errors);
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (!value.isObject()) {
            return;
        }
        if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
            errors.add(at + ": fewer than " + schema.get("minProperties") + " properties");
        }
        if (schema.has("required")) {
            schema.get("required").forEach(name -> {
                if (!value.has(name.asText())) {
                    errors.add(at + ": missing required property '" + name.asText() + "'");
                }
            });
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String path = at + "/" + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path, errors);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                errors.add(path + ": property not allowed");
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), path, errors);
            }
        }
    }

    private static void checkCombinators(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (schema.has("oneOf")) {
            long matches = countMatches(schema.get("oneOf"), value, at);
            if (matches != 1) {
                errors.add(at + ": must match exactly one of oneOf, matched " + matches);
            }
        }
        if (schema.has("anyOf") && countMatches(schema.get("anyOf"), value, at) == 0) {
            errors.add(at + ": must match at least one of anyOf");
        }
    }

    private static long countMatches(JsonNode alternatives, JsonNode value, String at) {
        long matches = 0;
        for (JsonNode alternative : alternatives) {
            if (validate(alternative, value).isEmpty()) {
                matches++;
            }
        }
        return matches;
    }
}
