package io.erstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.erstream.stream.StreamConfig;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * erstream's HTTP endpoint, on the JDK's own server so that no web framework ships in the jar: the operations
 * endpoints {@code GET /metrics} (Prometheus text format), {@code /health} (liveness) and {@code /ready}
 * (readiness, see {@link Readiness}), the API endpoints that join through {@link #addHandler}, and the static
 * pages that join through {@link #addPage}.
 *
 * <p>It is safe to expose: HTTPS when a keystore is configured, an optional bearer token ({@link BearerAuth}) for
 * the API and, if asked, for the operations endpoints, deadlines per request ({@link RequestDeadlines}: to be read
 * within {@code readTimeout}, then answered within {@code forwardTimeout + readTimeout}), and
 * at most {@code erstream.http.threads} API requests served at once. An API request beyond that gets 503 at once
 * rather than a queue; the operations endpoints take no permit, so a busy or slowly-fed API never delays a probe.
 *
 * <p>On start it binds the JVM's memory, GC, thread, class-loader, processor and uptime metrics, so every dashboard
 * can tell a slow learner from a starved JVM.
 */
public final class MetricsServer implements AutoCloseable {

    /** Liveness: what an orchestrator restarts on (Kubernetes' livenessProbe, deploy/kubernetes/). */
    public static final String HEALTH_PATH = "/health";
    /** Readiness: what an orchestrator routes on (Kubernetes' readinessProbe). */
    public static final String READY_PATH = "/ready";
    /** Prometheus metrics. */
    public static final String METRICS_PATH = "/metrics";

    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** How often Kafka client metrics that appeared since the last look are registered (Micrometer: 60 s). */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final StreamConfig.Http settings;
    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final RequestDeadlines executor;
    private final BearerAuth auth;
    private final Semaphore permits;
    private final ScheduledExecutorService kafkaRefresh;
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private volatile Readiness readiness = Readiness.always();

    private MetricsServer(StreamConfig.Http settings, PrometheusMeterRegistry registry, HttpServer server) {
        this.settings = settings;
        this.registry = registry;
        this.server = server;
        this.executor = new RequestDeadlines(settings.readTimeout(),
                settings.forwardTimeout().plus(settings.readTimeout()), settings.threads());
        this.auth = new BearerAuth(settings.authToken());
        this.permits = new Semaphore(settings.threads());
        this.kafkaRefresh = Executors.newSingleThreadScheduledExecutor(
                RequestDeadlines.daemon("erstream-kafka-metrics"));
    }

    /** A plain-HTTP server with the default settings on all interfaces at this port (0 = a free one). */
    public static MetricsServer start(int port) {
        return start(withPort(StreamConfig.defaults().http(), port));
    }

    /** A server with these settings and a fresh registry. */
    public static MetricsServer start(StreamConfig.Http settings) {
        return start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** A server with these settings serving this registry. */
    public static MetricsServer start(StreamConfig.Http settings, PrometheusMeterRegistry registry) {
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        HttpServer http;
        try {
            if (settings.tls()) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(
                        TlsContexts.server(settings.keystore(), settings.keystorePassword())));
                http = https;
            } else {
                http = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        MetricsServer server = new MetricsServer(settings, registry, http);
        server.bindJvmMetrics();
        http.setExecutor(server.executor);
        http.createContext(METRICS_PATH, server.guarded(server::metrics, settings.authMetrics(), false));
        http.createContext(HEALTH_PATH, server.guarded(server::health, settings.authHealth(), false));
        http.createContext(READY_PATH, server.guarded(server::ready, settings.authHealth(), false));
        http.start();
        return server;
    }

    /** These settings listening on another port. */
    static StreamConfig.Http withPort(StreamConfig.Http s, int port) {
        return new StreamConfig.Http(s.bind(), port, s.keystore(), s.keystorePassword(), s.authToken(),
                s.authMetrics(), s.authHealth(), s.threads(), s.readTimeout(), s.forwardTimeout());
    }

    /** The registry served at {@code /metrics}; give it to {@link ErstreamMetrics#create}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The settings this server was started with. */
    public StreamConfig.Http settings() {
        return settings;
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port} (https with TLS), for clients on this machine. */
    public URI localUri() {
        return URI.create((settings.tls() ? "https" : "http") + "://127.0.0.1:" + port());
    }

    /**
     * Serves {@code path} and everything below it with this API handler (the JDK server matches by prefix, so the
     * handler checks the rest of the path): it needs the bearer token when one is configured and takes one of the
     * {@code erstream.http.threads} permits. The exchange is closed after the handler returns.
     */
    public MetricsServer addHandler(String path, HttpHandler handler) {
        server.createContext(path, guarded(handler, auth.enabled(), true));
        return this;
    }

    /**
     * Serves {@code path} and everything below it with this handler of static content (the live page): open like
     * the operations endpoints, needing no token and taking no permit, because it serves fixed bytes from the jar and
     * reveals nothing; the data it shows comes from API endpoints added with {@link #addHandler}.
     */
    public MetricsServer addPage(String path, HttpHandler handler) {
        server.createContext(path, guarded(handler, false, false));
        return this;
    }

    /**
     * Exports the Kafka Streams client's metrics ({@code kafka_stream_*}, {@code kafka_consumer_*},
     * {@code kafka_producer_*}, ...). New client metrics (threads, partitions) are picked up every
     * {@link #KAFKA_METRICS_REFRESH}.
     */
    public void bindKafkaStreams(KafkaStreams kafkaStreams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(kafkaStreams, List.of(), kafkaRefresh,
                KAFKA_METRICS_REFRESH);
        metrics.bindTo(registry);
        binders.add(metrics);
    }

    /** What {@code /health} and {@code /ready} report (without one: always up and ready). */
    public void serveReadiness(Readiness status) {
        this.readiness = status;
    }

    /** Stops serving at once and releases the metric binders. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
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

    /**
     * The checks every endpoint shares: the read deadline ends at once for a request without a body (the API's
     * body readers end it themselves), then the token, then for the API a permit.
     */
    private HttpHandler guarded(HttpHandler endpoint, boolean needsToken, boolean api) {
        return exchange -> {
            try (exchange) {
                if (!RequestBodies.announced(exchange) && !RequestDeadlines.current().met()) {
                    return; // the headers took longer than the read timeout: the connection is gone
                }
                if (needsToken && !auth.admits(exchange)) {
                    BearerAuth.challenge(exchange);
                    return;
                }
                if (api && !permits.tryAcquire()) {
                    Responses.unavailable(exchange, "busy: " + settings.threads() + " requests in progress");
                    return;
                }
                try {
                    endpoint.handle(exchange);
                } catch (RuntimeException e) {
                    LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                    if (exchange.getResponseCode() == -1) {
                        Responses.error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
                    }
                } finally {
                    if (api) {
                        permits.release();
                    }
                }
            }
        };
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (exactly(exchange, METRICS_PATH) && readOnly(exchange)) {
            Responses.send(exchange, 200, CONTENT_TYPE,
                    registry.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Liveness: 200 while the streams client can still reach RUNNING by itself (see {@link Readiness}). */
    private void health(HttpExchange exchange) throws IOException {
        if (exactly(exchange, HEALTH_PATH) && readOnly(exchange)) {
            Readiness status = readiness;
            String state = status.state();
            boolean up = status.live();
            Responses.text(exchange, up ? 200 : 503, (up ? "UP" : "DOWN") + (state == null ? "" : " " + state) + "\n");
        }
    }

    /** Readiness: 200 when queries get true answers here, else 503 with the reason. */
    private void ready(HttpExchange exchange) throws IOException {
        if (exactly(exchange, READY_PATH) && readOnly(exchange)) {
            Optional<String> reason = readiness.notReady();
            if (reason.isEmpty()) {
                Responses.text(exchange, 200, "READY\n");
            } else {
                exchange.getResponseHeaders().set("Retry-After", "1");
                Responses.text(exchange, 503, "NOT READY: " + reason.get() + "\n");
            }
        }
    }

    private static boolean exactly(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getRawPath().equals(path)) {
            return true;
        }
        Responses.text(exchange, 404, "not found\n");
        return false;
    }

    private static boolean readOnly(HttpExchange exchange) throws IOException {
        if (Responses.readsOnly(exchange)) {
            return true;
        }
        Responses.text(exchange, 405, "method not allowed\n");
        return false;
    }
}
