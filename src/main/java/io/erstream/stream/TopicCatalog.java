package io.erstream.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The declared topics ({@code topics/topics.yaml}) and the one home of their names, so the topology,
 * the {@code topics} command and the tests cannot disagree about what a topic is called.
 */
public final class TopicCatalog {

    public static final String EXAMPLES = "erstream.examples";
    public static final String PREDICTIONS = "erstream.predictions";
    public static final String METRICS = "erstream.metrics";
    public static final String MODELS = "erstream.models";
    public static final String DRIFT = "erstream.drift";
    public static final String DEAD_LETTERS = "erstream.dead-letters";
    public static final String MODEL_EVENTS = "erstream.model-events";
    public static final String LABELS = "erstream.labels";

    /** Classpath location of the catalog bundled into the jar. */
    public static final String BUNDLED_RESOURCE = "topics/topics.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOPIC_FIELDS = Set.of("name", "description", "partitions",
            "replicationFactor", "configs");

    private final List<TopicSpec> topics;

    private TopicCatalog(List<TopicSpec> topics) {
        this.topics = List.copyOf(topics);
    }

    /** The catalog shipped in the jar. */
    public static TopicCatalog bundled() {
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new InvalidTopicCatalogException("classpath resource " + BUNDLED_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new InvalidTopicCatalogException("cannot read classpath:" + BUNDLED_RESOURCE, e);
        }
    }

    /**
     * A catalog of the given topics, e.g. declared topics renamed per application ({@link TopicSpec#withName}),
     * so that a benchmark or test still creates them through {@link TopicReconciler} with the declared shape.
     */
    public static TopicCatalog of(List<TopicSpec> topics) {
        requireUniqueNames(topics, "catalog");
        return new TopicCatalog(topics);
    }

    /** A catalog from a YAML file. */
    public static TopicCatalog load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidTopicCatalogException("cannot read topic catalog " + file + ": " + e, e);
        }
    }

    /** A catalog from YAML text; {@code source} names it in error messages. */
    public static TopicCatalog parse(String yaml, String source) {
        JsonNode root = readTree(yaml, source);
        short defaultFactor = shortField(root.path("defaults"), "replicationFactor", (short) 1, source + ": defaults");
        JsonNode list = root.get("topics");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidTopicCatalogException(source + ": field 'topics' must be a non-empty list");
        }
        List<TopicSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            specs.add(topic(list.get(i), i, defaultFactor, source));
        }
        requireUniqueNames(specs, source);
        return new TopicCatalog(specs);
    }

    /** Every declared topic, in file order. */
    public List<TopicSpec> topics() {
        return topics;
    }

    /** The declared topic with this name, if any. */
    public Optional<TopicSpec> find(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The declared topic with this name; a missing one is a programming error. */
    public TopicSpec topic(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no declared topic " + name));
    }

    /** The same catalog with every topic at this replication factor (the command's override). */
    public TopicCatalog withReplicationFactor(short factor) {
        return new TopicCatalog(topics.stream().map(t -> t.withReplicationFactor(factor)).toList());
    }

    private static JsonNode readTree(String yaml, String source) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new InvalidTopicCatalogException(source + ": expected a YAML mapping with 'topics'");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidTopicCatalogException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static TopicSpec topic(JsonNode node, int index, short defaultFactor, String source) {
        if (!node.isObject()) {
            throw new InvalidTopicCatalogException(source + ": topics[" + index + "] must be a mapping");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw new InvalidTopicCatalogException(source + ": topics[" + index + "]: field 'name' is missing");
        }
        String where = source + ": topic '" + nameNode.asText() + "'";
        String problem = TopicName.problem(nameNode.asText());
        if (problem != null) {
            throw new InvalidTopicCatalogException(where + ": not a legal topic name: " + problem);
        }
        rejectUnknownFields(node, where);
        int partitions = requiredPositiveInt(node, "partitions", where);
        short factor = shortField(node, "replicationFactor", defaultFactor, where);
        return new TopicSpec(nameNode.asText(), partitions, factor, configs(node.get("configs"), where));
    }

    private static void rejectUnknownFields(JsonNode node, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOPIC_FIELDS.contains(field)) {
                throw new InvalidTopicCatalogException(where + ": unknown field '" + field
                        + "' (expected one of " + TOPIC_FIELDS + ")");
            }
        }
    }

    private static int requiredPositiveInt(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidTopicCatalogException(where + ": field '" + field + "' is missing");
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InvalidTopicCatalogException(where + ": field '" + field
                    + "' must be a positive integer, was '" + value.asText() + "'");
        }
        return value.asInt();
    }

    private static short shortField(JsonNode node, String field, short fallback, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > Short.MAX_VALUE) {
            throw new InvalidTopicCatalogException(where + ": field '" + field
                    + "' must be a positive integer, was '" + value.asText() + "'");
        }
        return (short) value.asInt();
    }

    private static Map<String, String> configs(JsonNode node, String where) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return configs;
        }
        if (!node.isObject()) {
            throw new InvalidTopicCatalogException(where + ": field 'configs' must be a mapping of key: value");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new InvalidTopicCatalogException(where + ": config '" + e.getKey()
                        + "' must be a scalar value");
            }
            configs.put(e.getKey(), e.getValue().asText());
        }
        return configs;
    }

    private static void requireUniqueNames(List<TopicSpec> specs, String source) {
        Set<String> seen = new HashSet<>();
        for (TopicSpec spec : specs) {
            if (!seen.add(spec.name())) {
                throw new InvalidTopicCatalogException(source + ": topic '" + spec.name() + "' is declared twice");
            }
        }
    }
}
