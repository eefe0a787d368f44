package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every PromQL expression in the dashboards and alert rules returns data from a real Prometheus
 * scraping a running erstream. A query that names a metric or label erstream does not render comes
 * back empty, and fails here rather than on a user's blank panel.
 *
 * <p>The scraped application is {@code erstream demo} itself ({@link #startTarget()}): the dashboards and
 * rules are checked against exactly what a newcomer runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusQueriesIT {

    /** Long enough for Kafka client metrics to be picked up (refresh 10 s) and rates to have samples. */
    private static final Duration DATA_WITHIN = Duration.ofSeconds(90);

    /** Something serving erstream's {@code /metrics}. */
    interface ScrapeTarget extends AutoCloseable {
        URI metricsUri();
    }

    private ScrapeTarget target;
    private PrometheusProcess prometheus;
    private long deadline;

    /** The scraped application: the real {@code erstream demo}, in this JVM, until the test class ends. */
    private static ScrapeTarget startTarget() throws Exception {
        return DemoTarget.start();
    }

    @BeforeAll
    void startErstreamAndPrometheus() throws Exception {
        target = startTarget();
        prometheus = PrometheusProcess.start(target.metricsUri(), DashboardQueries.RULES);
        deadline = System.nanoTime() + DATA_WITHIN.toNanos();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (target != null) {
                target.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDashboardAndAlertQueryReturnsData() {
        return DashboardQueries.all().stream().map(query -> DynamicTest.dynamicTest(query.origin(), () -> {
            String promql = DashboardQueries.unfiltered(DashboardQueries.withGrafanaDefaults(query.expr()));
            JsonNode result = prometheus.query(promql);
            while (result.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                result = prometheus.query(promql);
            }
            assertTrue(result.size() > 0, "no data for " + promql);
        }));
    }

    @Test
    void prometheusScrapesTheTargetAndEvaluatesEveryRuleWithoutError() throws InterruptedException {
        JsonNode up = prometheus.query("up{job=\"erstream\"} == 1");
        while (up.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            up = prometheus.query("up{job=\"erstream\"} == 1");
        }
        assertEquals(1, up.size(), "target up");

        int rules = 0;
        for (JsonNode group : prometheus.ruleGroups()) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                assertEquals("ok", rule.path("health").asText(), rule.path("name").asText() + ": " + rule.path("lastError"));
            }
        }
        assertEquals(DashboardQueries.fromRules(DashboardQueries.RULES).size(), rules);
    }
}
