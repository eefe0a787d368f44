package io.erstream.stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single-node KRaft Kafka (broker and controller in one) running inside this JVM, so that the demo
 * and the integration tests need neither Docker nor an installed Kafka.
 *
 * <p>It uses the Kafka server jar, which is not public API; every server class is touched here and
 * nowhere else, so a Kafka upgrade breaks exactly one file. Internal topics have replication factor 1
 * and transactions work (min ISR 1), so exactly_once_v2 applications run on it. Topics are not
 * auto-created: the declared topics ({@link TopicCatalog}) are the only ones an application gets
 * unless it creates others itself, so a misspelt topic name fails loudly.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private final int requestedPort;
    private final Map<String, String> overrides;
    private Path dir;
    private KafkaRaftServer server;
    private int port;
    private int controllerPort;
    private Thread shutdownHook;

    /** A broker on a free loopback port. */
    public EmbeddedBroker() {
        this(0);
    }

    /** A broker on the given loopback port; 0 picks a free one. */
    public EmbeddedBroker(int port) {
        this(port, Map.of());
    }

    /** A broker on the given port (0 = free) with broker configs that replace the defaults here. */
    public EmbeddedBroker(int port, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        this.requestedPort = port;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Formats a fresh log dir and starts the node; returns once the broker accepts client requests. After
     * {@link #stop()} it starts the same node again instead: same ports, same log dir, every topic, offset and
     * transaction as it was, as a broker restart in production.
     */
    public synchronized EmbeddedBroker start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            boolean fresh = dir == null;
            if (fresh) {
                dir = Files.createTempDirectory("erstream-kafka-");
                port = requestedPort == 0 ? freePort() : requestedPort;
                controllerPort = freePort();
            }
            KafkaConfig config = new KafkaConfig(config(port, controllerPort), false);
            if (fresh) {
                format(config);
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            registerShutdownHook();
            server.startup();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare the broker's log directory", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients of this broker (also while it is stopped, to come back). */
    public synchronized String bootstrapServers() {
        if (dir == null) {
            throw new IllegalStateException("not started");
        }
        return HOST + ":" + port;
    }

    /**
     * Shuts the node down (broker first, then controller) and keeps its log dir and ports, so that {@link #start()}
     * brings the same cluster back: for tests of what clients do while their broker is away.
     */
    public synchronized void stop() {
        removeShutdownHook();
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Shuts the node down and deletes its log dir. Idempotent. */
    @Override
    public synchronized void close() {
        stop();
        if (dir != null) {
            deleteRecursively(dir);
            dir = null;
        }
    }

    /**
     * Leaves closing to the caller on JVM shutdown too: for an owner that closes its clients first (the demo),
     * so the broker does not vanish under them. The caller must then close this broker in its own hook.
     */
    public synchronized EmbeddedBroker closedByOwnerOnShutdown() {
        removeShutdownHook();
        return this;
    }

    /** Ctrl-C on the demo should still stop the broker cleanly and not leave its log dir in /tmp. */
    private void registerShutdownHook() {
        shutdownHook = new Thread(this::close, "erstream-embedded-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; close() is idempotent
        }
        shutdownHook = null;
    }

    private Map<String, String> config(int brokerPort, int controllerPort) {
        Map<String, String> c = new HashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", Integer.toString(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        c.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("log.dirs", dir.resolve("data").toString());
        c.put("metadata.log.dir", dir.resolve("metadata").toString());
        c.putAll(singleNodeInternalTopics());
        c.putAll(demoSizedResources());
        c.put("auto.create.topics.enable", "false");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.putAll(overrides);
        return c;
    }

    /** One node: every internal topic must live with replication factor 1 and min ISR 1. */
    private static Map<String, String> singleNodeInternalTopics() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "4",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "4",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                "min.insync.replicas", "1");
    }

    /** Small segments, indexes and cleaner buffers and few threads: a demo on a laptop, not production. */
    private static Map<String, String> demoSizedResources() {
        return Map.of(
                "log.segment.bytes", Integer.toString(16 * 1024 * 1024),
                "log.index.size.max.bytes", Integer.toString(1024 * 1024),
                "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024),
                "log.cleaner.threads", "1",
                "num.network.threads", "2",
                "num.io.threads", "2",
                "background.threads", "2",
                "num.recovery.threads.per.data.dir", "1");
    }

    /** The equivalent of {@code kafka-storage.sh format}, writing nothing to stdout. */
    private static void format(KafkaConfig config) {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(config.metadataLogDir(), config.logDirs().get(0)))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setControllerListenerName("CONTROLLER");
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's log directory", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
