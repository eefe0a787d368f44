package io.erstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * erstream's HTTP endpoint: {@code GET /metrics} in the Prometheus text format and {@code GET
 * /health}, on the JDK's own HTTP server so that no web framework ships in the jar. Other endpoints
 * (interactive queries) join the same port through {@link #addHandler}.
 *
 * <p>On start it binds the JVM's memory, GC, thread, class-loader, processor and uptime metrics, so
 * every dashboard can tell a slow learner from a starved JVM.
 */
public final class MetricsServer implements AutoCloseable {

    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** How often Kafka client metrics that appeared since the last look are registered (Micrometer: 60 s). */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService kafkaRefresh;
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private volatile KafkaStreams streams;

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
        this.executor = Executors.newFixedThreadPool(2, daemon("erstream-http"));
        this.kafkaRefresh = Executors.newSingleThreadScheduledExecutor(daemon("erstream-kafka-metrics"));
    }

    /** A server on all interfaces at this port (0 = a free one) with a fresh registry. */
    public static MetricsServer start(int port) {
        return start(new InetSocketAddress(port), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** A server at this address serving this registry. */
    public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry) {
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        MetricsServer server = new MetricsServer(registry, http);
        server.bindJvmMetrics();
        http.setExecutor(server.executor);
        server.addHandler("/metrics", server::metrics);
        server.addHandler("/health", server::health);
        http.start();
        return server;
    }

    /** The registry served at {@code /metrics}; give it to {@link ErstreamMetrics#create}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}, for clients on this machine. */
    public URI localUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Serves {@code path} and everything below it with this handler (the JDK server matches by
     * prefix), on the same port and threads as {@code /metrics}.
     */
    public MetricsServer addHandler(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /**
     * Exports the Kafka Streams client's metrics ({@code kafka_stream_*}, {@code kafka_consumer_*},
     * {@code kafka_producer_*}, ...) and makes {@code /health} report the streams state. New client
     * metrics (threads, partitions) are picked up every {@link #KAFKA_METRICS_REFRESH}.
     */
    public void bindKafkaStreams(KafkaStreams kafkaStreams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(kafkaStreams, List.of(), kafkaRefresh,
                KAFKA_METRICS_REFRESH);
        metrics.bindTo(registry);
        binders.add(metrics);
        streams = kafkaStreams;
    }

    /** Stops serving at once and releases the metric binders. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        kafkaRefresh.shutdownNow();
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // closing a binder only unregisters meters; nothing to recover
            }
        }
        binders.clear();
    }

    private void bindJvmMetrics() {
        JvmGcMetrics gc = new JvmGcMetrics();
        binders.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!exactly(exchange, "/metrics") || !readOnly(exchange)) {
            return;
        }
        respond(exchange, 200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** 200 while the streams client is running or rebalancing (or none is bound), else 503. */
    private void health(HttpExchange exchange) throws IOException {
        if (!exactly(exchange, "/health") || !readOnly(exchange)) {
            return;
        }
        KafkaStreams s = streams;
        boolean up = s == null || s.state().isRunningOrRebalancing();
        String body = s == null ? "UP\n" : (up ? "UP " : "DOWN ") + s.state() + "\n";
        respond(exchange, up ? 200 : 503, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean exactly(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getPath().equals(path)) {
            return true;
        }
        respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static boolean readOnly(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
