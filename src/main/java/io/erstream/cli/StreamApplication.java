package io.erstream.cli;

import io.erstream.http.ErstreamMetrics;
import io.erstream.http.LivePage;
import io.erstream.http.LiveSampler;
import io.erstream.http.LiveSeries;
import io.erstream.http.MetricsServer;
import io.erstream.http.ModelsApi;
import io.erstream.http.Owners;
import io.erstream.http.Readiness;
import io.erstream.http.StoreLags;
import io.erstream.learn.WarmStart;
import io.erstream.stream.ErrorHandlers;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.FanOutEvents;
import io.erstream.stream.LearningEvents;
import io.erstream.stream.ModelCache;
import io.erstream.stream.ModelViews;
import io.erstream.stream.RestoreTracker;
import io.erstream.stream.StartupChecks;
import io.erstream.stream.StoredModels;
import io.erstream.stream.StreamConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The running product: the topology in a {@link KafkaStreams} instance plus the HTTP API on one port. Shared
 * by {@code run} and {@code demo}, so the demo is the real application and not a look-alike. A dying stream thread
 * is handled by {@link ThreadFailurePolicy}; restores are tracked from before {@code start()} so that {@code /ready}
 * and the API never mistake a restoring model for a missing one. The processor's events go both to the metrics
 * and to the live page's {@link LiveSeries}, which {@code GET /} draws.
 */
final class StreamApplication implements AutoCloseable {

    private final StreamConfig config;
    private final ModelViews views = new ModelViews();
    private final RestoreTracker restores = new RestoreTracker();
    private final KafkaStreams streams;
    private final MetricsServer server;
    private final LiveSampler sampler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed; // guarded by this

    StreamApplication(StreamConfig config) {
        this.config = config;
        Properties props = config.streamsProperties();
        this.server = MetricsServer.start(config.http());
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        LiveSeries live = new LiveSeries();
        LearningEvents events = new FanOutEvents(metrics, live);
        props.put(ErrorHandlers.EVENTS, events); // Kafka Streams' exception handlers report to the same listeners
        ModelCache cache = new ModelCache(config.modelsCacheBytes());
        metrics.modelCache(cache);
        WarmStart warmStart = config.loadWarmStart(); // once: new models and decoded stored models share it
        this.streams = new KafkaStreams(ErstreamTopology.build(config, views, events, cache, warmStart), props);
        this.streams.setUncaughtExceptionHandler(new ThreadFailurePolicy(config.threadErrors(), metrics,
                e -> failure.compareAndSet(null, e)));
        this.streams.setGlobalStateRestoreListener(restores);
        this.streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        server.bindKafkaStreams(streams);
        Readiness readiness = Readiness.of(streams, restores);
        server.serveReadiness(readiness);
        String endpoint = props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        HostInfo self = endpoint == null || endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
        new ModelsApi(views, StoredModels.of(streams, warmStart), new Owners(streams, self, config.http()),
                readiness, StoreLags.of(streams)).register(server);
        new LivePage(live, views).register(server);
        this.sampler = LiveSampler.start(live);
    }

    /**
     * Starts streaming and serving; returns when the instance is RUNNING (or fails after {@code timeout}). A start
     * that fails or is interrupted closes the application before it throws: a caller that writes
     * {@code try (var app = new StreamApplication(c).start(t))} never gets hold of it to close it, and its stream
     * threads and their producers would outlive the command.
     */
    StreamApplication start(Duration timeout) throws InterruptedException {
        try {
            try (Admin admin = Admin.create(new StreamsConfig(config.streamsProperties()).getAdminConfigs(
                    config.applicationId() + "-startup"))) {
                StartupChecks.checkCoPartitioned(config, admin, timeout);
            }
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
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int httpPort() {
        return server.port();
    }

    /** The HTTP API on this machine: {@code http://127.0.0.1:port}, https with TLS. */
    URI localUri() {
        return server.localUri();
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

    /**
     * A dynamic member leaves the group when it closes, so that its partitions move at once instead of after the
     * session timeout; a static one ({@code erstream.instance.id}) stays, so that a restart gets them back without
     * a rebalance.
     */
    private CloseOptions.GroupMembershipOperation leaving() {
        return config.membership().isStatic() ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
    }

    /**
     * Closes the streams client (see {@link #leaving()}), then the HTTP server. Idempotent, so a failed start and its caller may both call
     * it; a second caller (the shutdown hook) waits until the first has finished closing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // an interrupted caller (a stopping demo) would make close() give up at once and leave the stream threads
        // and their producers running; close with the flag cleared, then restore it
        boolean interrupted = Thread.interrupted();
        try {
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(leaving()));
            sampler.close();
            server.close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
