package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code prometheus} server (the installed binary) in a temporary directory, scraping one
 * target every second and evaluating a rules file, for tests that must know a query works.
 */
final class PrometheusProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final URI api;

    private PrometheusProcess(Process process, Path dir, URI api) {
        this.process = process;
        this.dir = dir;
        this.api = api;
    }

    /** Starts Prometheus scraping {@code target} (a {@code /metrics} URI) with these rules; returns when ready. */
    static PrometheusProcess start(URI target, Path rules) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("erstream-prometheus-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, config(target, rules.toAbsolutePath()));
        int port = freePort();
        Process process = new ProcessBuilder("prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusProcess prometheus = new PrometheusProcess(process, dir, URI.create("http://127.0.0.1:" + port));
        try {
            prometheus.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /** The {@code data.result} array of an instant query at now. */
    JsonNode query(String promql) {
        HttpResponse<String> response = Scraper.get(api,
                "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = json(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed (" + response.statusCode() + "): " + promql + "\n" + response.body());
        }
        return body.path("data").path("result");
    }

    /** The rule groups as {@code /api/v1/rules} reports them. */
    JsonNode ruleGroups() {
        return json(Scraper.get(api, "/api/v1/rules").body()).path("data").path("groups");
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (Scraper.get(api, "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (AssertionError notListeningYet) {
                // retry until the deadline
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within " + READY_WITHIN + ":\n" + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String config(URI target, Path rules) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - "%s"
                scrape_configs:
                  - job_name: erstream
                    metrics_path: "%s"
                    static_configs:
                      - targets: ["%s"]
                """.formatted(rules, target.getPath(), target.getHost() + ":" + target.getPort());
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
