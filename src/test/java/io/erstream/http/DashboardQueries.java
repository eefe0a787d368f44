package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every PromQL expression the project ships: each {@code expr} in the Grafana dashboards (panel
 * targets and annotations) and each rule in the Prometheus rules file, so that a test can run them
 * all against a real Prometheus.
 */
final class DashboardQueries {

    /** One expression and where it comes from ({@code file: panel or alert}). */
    record Query(String origin, String expr) {
        @Override
        public String toString() {
            return origin;
        }
    }

    /** What Grafana substitutes for its variables when a dashboard shows every model. */
    private static final Map<String, String> GRAFANA_DEFAULTS = Map.of(
            "$__rate_interval", "1m",
            "$__interval", "15s",
            "$__range", "30m",
            "$model", ".*");

    static final Path DASHBOARDS = Path.of("dashboards", "grafana");
    static final Path RULES = Path.of("dashboards", "prometheus", "rules.yml");

    private DashboardQueries() {
    }

    /** The expressions of every dashboard and of the rules file, in file order. */
    static List<Query> all() {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(f -> queries.addAll(fromDashboard(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queries.addAll(fromRules(RULES));
        return queries;
    }

    /** Every {@code expr} anywhere in a dashboard, named by the panel title or annotation name around it. */
    static List<Query> fromDashboard(Path json) {
        List<Query> queries = new ArrayList<>();
        collect(read(new ObjectMapper(), json), json.getFileName() + ": ?", queries, json.getFileName().toString());
        return queries;
    }

    /** The {@code expr} of every alerting or recording rule. */
    static List<Query> fromRules(Path yaml) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : read(new ObjectMapper(new YAMLFactory()), yaml).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                queries.add(new Query(yaml.getFileName() + ": " + name, rule.path("expr").asText()));
            }
        }
        return queries;
    }

    /** The expression as Grafana would send it with every model selected. */
    static String withGrafanaDefaults(String expr) {
        String result = expr;
        for (Map.Entry<String, String> variable : GRAFANA_DEFAULTS.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    /**
     * The expression with {@code bool} after each top-level comparison, so that it returns every
     * series it compares (as 0 or 1) instead of only those past the threshold: an alert that is not
     * firing still proves its metric names and labels exist.
     */
    static String unfiltered(String expr) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            out.append(c);
            if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && isComparison(expr, i)) {
                if (i + 1 < expr.length() && expr.charAt(i + 1) == '=') {
                    out.append('=');
                    i++;
                }
                out.append(" bool");
            }
        }
        return out.toString();
    }

    private static boolean isComparison(String expr, int i) {
        char c = expr.charAt(i);
        char next = i + 1 < expr.length() ? expr.charAt(i + 1) : ' ';
        return c == '<' || c == '>' || ((c == '=' || c == '!') && next == '=');
    }

    private static void collect(JsonNode node, String origin, List<Query> out, String file) {
        if (node.isObject()) {
            String here = origin;
            if (node.has("title") && node.has("type")) {
                here = file + ": " + node.get("title").asText();
            } else if (node.has("name") && node.has("expr")) {
                here = file + ": annotation " + node.get("name").asText();
            }
            if (node.has("expr") && node.get("expr").isTextual()) {
                out.add(new Query(here, node.get("expr").asText()));
            }
            for (JsonNode child : node) {
                collect(child, here, out, file);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, origin, out, file);
            }
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
