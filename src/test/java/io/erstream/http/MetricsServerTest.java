package io.erstream.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsServerTest {

    private final MetricsServer server = MetricsServer.start(0);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAreServedInThePrometheusTextFormat() {
        HttpResponse<String> response = Scraper.get(server.localUri(), "/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("# TYPE "), response.body());
    }

    @Test
    void jvmMetricsAreBoundFromTheStart() {
        PrometheusText scrape = Scraper.metrics(server);

        assertEquals("gauge", scrape.type("jvm_memory_used_bytes"));
        assertEquals("gauge", scrape.type("jvm_threads_live_threads"));
        assertEquals("gauge", scrape.type("jvm_classes_loaded_classes"));
        assertEquals("gauge", scrape.type("system_cpu_count"));
        assertEquals("gauge", scrape.type("process_uptime_seconds"));
        assertTrue(scrape.hasFamilyStartingWith("jvm_gc_"), "GC metrics");
    }

    @Test
    void healthIsUpWithoutAStreamsClient() {
        HttpResponse<String> response = Scraper.get(server.localUri(), "/health");

        assertEquals(200, response.statusCode());
        assertEquals("UP\n", response.body());
    }

    @Test
    void addedHandlersShareThePort() {
        server.addHandler("/models", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        assertEquals("[]", Scraper.get(server.localUri(), "/models").body());
    }

    @Test
    void unknownPathsUnderMetricsAreNotFound() {
        assertEquals(404, Scraper.get(server.localUri(), "/metrics/extra").statusCode());
    }
}
