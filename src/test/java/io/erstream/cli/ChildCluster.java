package io.erstream.cli;

import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The real in-process broker and the child applications of one integration test, closed together: the bundled
 * topics, each application's own output topics, and an input topic {@link #INPUT} with as many partitions as the
 * test asks for, with its labels topic {@link #LABELS} of as many (the two must be co-partitioned). Instances are started the way several instances run in production: each with its own state
 * directory and HTTP port, {@code application.server} set, and the product's defaults for standbys and the session
 * timeout.
 */
final class ChildCluster implements AutoCloseable {

    /** The input topic every application of the cluster reads. */
    static final String INPUT = "cluster.examples";
    /** The labels topic every application of the cluster reads, partitioned like {@link #INPUT}. */
    static final String LABELS = "cluster.labels";
    static final Duration START = Duration.ofSeconds(180);

    final EmbeddedBroker broker;
    final Admin admin;
    private final Path dir;
    private final int partitions;
    private final List<ChildApp> children = new ArrayList<>();
    private final List<KeyedFeed> feeds = new ArrayList<>();

    /** Starts the broker and creates the topics of {@code apps} and an input topic of {@code partitions}. */
    ChildCluster(Path dir, int partitions, String... apps) throws Exception {
        this.dir = dir;
        this.partitions = partitions;
        this.broker = new EmbeddedBroker().start();
        this.admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, apps);
        TopicCatalog bundled = TopicCatalog.bundled();
        admin.createTopics(List.of(
                new NewTopic(INPUT, partitions, (short) 1).configs(bundled.topic(TopicCatalog.EXAMPLES).configs()),
                new NewTopic(LABELS, partitions, (short) 1).configs(bundled.topic(TopicCatalog.LABELS).configs())))
                .all().get(30, TimeUnit.SECONDS);
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    /**
     * The settings of instance {@code instance} of application {@code app}: {@link ChildApp#properties} reading
     * {@link #INPUT}, one stream thread, its own state directory, a free HTTP port that is also its
     * {@code application.server}, and the product's own membership defaults (standbys, session timeout).
     */
    Properties properties(String app, String instance) throws IOException {
        Properties p = ChildApp.properties(bootstrap(), app, dir.resolve(instance + "-state"));
        p.remove(StreamConfig.SESSION_TIMEOUT_MS);
        p.remove("heartbeat.interval.ms");
        p.setProperty("num.stream.threads", "1");
        p.setProperty(StreamConfig.TOPIC_EXAMPLES, INPUT);
        p.setProperty(StreamConfig.TOPIC_LABELS, LABELS);
        int port = freePort();
        p.setProperty(StreamConfig.HTTP_PORT, Integer.toString(port));
        p.setProperty("application.server", "127.0.0.1:" + port);
        return p;
    }

    /** Starts {@code instance} on {@code properties} and waits until it runs; closed with the cluster. */
    ChildApp start(String instance, Properties properties) throws Exception {
        ChildApp child = ChildApp.startRunning(instance, properties, dir, START);
        children.add(child);
        return child;
    }

    /** A {@link KeyedFeed} into {@link #INPUT} (not started yet); stopped with the cluster. */
    KeyedFeed feed(int keys, int perKey, double rate) {
        KeyedFeed feed = new KeyedFeed(bootstrap(), INPUT, keys, perKey, rate);
        feeds.add(feed);
        return feed;
    }

    /** The offset of the last record of every input partition now (-1 when empty). */
    Map<Integer, Long> lastInputOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(INPUT, p), OffsetSpec.latest());
        }
        Map<Integer, Long> end = new TreeMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp.partition(),
                info.offset() - 1));
        return end;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        feeds.forEach(KeyedFeed::close);
        for (ChildApp child : children) {
            child.close();
        }
        admin.close();
        broker.close();
    }
}
