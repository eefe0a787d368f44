package io.erstream.cli;

import com.sun.net.httpserver.HttpServer;
import io.erstream.http.ModelsApi;
import io.erstream.http.Owners;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The running product: the topology in a {@link KafkaStreams} instance plus the HTTP API on one port. Shared
 * by {@code run} and {@code demo}, so the demo is the real application and not a look-alike.
 */
final class StreamApplication implements AutoCloseable {

    private final StreamConfig config;
    private final ModelViews views = new ModelViews();
    private final KafkaStreams streams;
    private final HttpServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    StreamApplication(StreamConfig config) {
        this.config = config;
        Properties props = config.streamsProperties();
        this.streams = new KafkaStreams(ErstreamTopology.build(config, views), props);
        this.streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        this.server = httpServer(config.httpPort());
        String endpoint = props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        HostInfo self = endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
        new ModelsApi(views, new Owners(streams, self)).register(server);
        server.createContext("/health", exchange -> {
            try (exchange) {
                byte[] body = ("{\"state\":\"" + streams.state() + "\"}").getBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(streams.state().isRunningOrRebalancing() ? 200 : 503, body.length);
                exchange.getResponseBody().write(body);
            }
        });
    }

    private static HttpServer httpServer(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "erstream-http");
                thread.setDaemon(true);
                return thread;
            }));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts streaming and serving; returns when the instance is RUNNING (or fails after {@code timeout}). */
    StreamApplication start(Duration timeout) throws InterruptedException {
        server.start();
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0 || System.nanoTime() > deadline) {
                throw new IllegalStateException("the stream application did not start (state " + streams.state()
                        + ")" + (failure.get() != null ? ": " + failure.get().getMessage() : ""));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return this;
    }

    int httpPort() {
        return server.getAddress().getPort();
    }

    ModelViews views() {
        return views;
    }

    KafkaStreams streams() {
        return streams;
    }

    StreamConfig config() {
        return config;
    }

    /** Blocks until the streams client stops (error or close); returns the failure if it failed. */
    Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return failure.get();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        server.stop(0);
    }
}
