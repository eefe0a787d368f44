package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped dashboards and Prometheus files are valid, and every query in them is found. */
class DashboardFilesTest {

    @Test
    void promtoolAcceptsThePrometheusConfigAndItsRules() throws Exception {
        assertPromtool("check", "config", "dashboards/prometheus/prometheus.yml");
        assertPromtool("check", "rules", "dashboards/prometheus/rules.yml");
    }

    @Test
    void everyAlertHasAForDurationASeverityAndASummary() throws IOException {
        JsonNode rules = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(DashboardQueries.RULES.toFile());
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                alerts.add(name);
                assertTrue(rule.path("for").isTextual(), name + " has for:");
                assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), name);
                assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name);
            }
        }
        assertTrue(alerts.containsAll(Set.of("ErstreamAccuracyDrop", "ErstreamDriftStorm", "ErstreamConsumerLag",
                "ErstreamDeadLetterRate")), alerts.toString());
    }

    @Test
    void dashboardsUseTheProvisionedDatasourceAndARecentSchema() throws IOException {
        List<Path> files;
        try (var list = Files.list(DashboardQueries.DASHBOARDS)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(3, files.size(), files.toString());
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            assertTrue(dashboard.path("schemaVersion").asInt() >= 38, file.toString());
            assertTrue(uids.add(dashboard.path("uid").asText()), "unique uid in " + file);
            for (JsonNode panel : dashboard.path("panels")) {
                assertEquals("prometheus", panel.path("datasource").path("uid").asText(), file + " " + panel.path("title"));
            }
        }
    }

    @Test
    void queriesAreFoundInPanelsAnnotationsAndRules() {
        List<DashboardQueries.Query> queries = DashboardQueries.all();

        assertTrue(queries.stream().anyMatch(q -> q.origin().equals("model-quality.json: annotation Drift detections")));
        assertTrue(queries.stream().anyMatch(q -> q.origin().equals("rules.yml: ErstreamDriftStorm")));
        assertTrue(queries.stream().anyMatch(q -> q.expr().contains("histogram_quantile(0.99")));
        assertTrue(queries.stream().anyMatch(q -> q.expr().contains("kafka_stream_alive_stream_threads")));
        assertTrue(queries.size() > 40, queries.size() + " queries");
    }

    @Test
    void grafanaVariablesAreReplacedAsWithEveryModelSelected() {
        assertEquals("rate(x{model=~\".*\"}[1m])",
                DashboardQueries.withGrafanaDefaults("rate(x{model=~\"$model\"}[$__rate_interval])"));
    }

    @Test
    void unfilteredAddsBoolToTopLevelComparisonsOnly() {
        assertEquals("a{x!=\"1\", y=~\"z\"} > bool 0.5", DashboardQueries.unfiltered("a{x!=\"1\", y=~\"z\"} > 0.5"));
        assertEquals("sum(a > 1) <= bool 2 * b", DashboardQueries.unfiltered("sum(a > 1) <= 2 * b"));
        assertEquals("a == bool b", DashboardQueries.unfiltered("a == b"));
        assertEquals("rate(a[5m])", DashboardQueries.unfiltered("rate(a[5m])"));
    }

    private static void assertPromtool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }
}
