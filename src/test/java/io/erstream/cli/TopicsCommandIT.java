package io.erstream.cli;

import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code erstream topics} against a real broker. The bundled-catalog tests run in order (they walk one
 * cluster from empty to in sync); the others use their own topic names and catalog files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsCommandIT {

    private static EmbeddedBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    @Order(1)
    void onAnEmptyClusterCheckReportsEveryDeclaredTopicMissing() {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers());
        assertEquals(1, run.exit(), run.out());
        for (TopicSpec topic : TopicCatalog.bundled().topics()) {
            assertEquals("missing", run.status(topic.name()));
        }
        assertTrue(run.out().contains(TopicCatalog.bundled().topics().size() + " difference(s)"), run.out());
    }

    @Test
    @Order(2)
    void applyCreatesTheDeclaredTopicsAsDeclared() throws Exception {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers(), "--apply");
        assertEquals(0, run.exit(), run.out() + run.err());
        TopicCatalog.bundled().topics().forEach(t -> assertEquals("created", run.status(t.name())));
        assertEquals(4, admin.describeTopics(Set.of(TopicCatalog.EXAMPLES)).allTopicNames().get()
                .get(TopicCatalog.EXAMPLES).partitions().size());
        assertEquals("compact", topicConfig(TopicCatalog.MODELS, "cleanup.policy"));
    }

    @Test
    @Order(3)
    void afterApplyCheckIsInSync() {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("In sync: " + TopicCatalog.bundled().topics().size() + " topics."), run.out());
    }

    @Test
    @Order(4)
    void applyingAgainChangesNothing() {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers(), "--apply");
        assertEquals(0, run.exit(), run.out());
        TopicCatalog.bundled().topics().forEach(t -> assertEquals("ok", run.status(t.name())));
    }

    @Test
    @Order(5)
    void aHigherReplicationFactorThanTheClusterHasIsReportedNotApplied() {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers(),
                "--replication-factor", "3", "--apply");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("replication factor: declared 3, actual 1"), run.out());
    }

    @Test
    void aTopicCreatedByHandWithTheWrongPartitionCountIsReportedAndLeftAlone(@TempDir Path dir) throws Exception {
        admin.createTopics(List.of(new NewTopic("hand.made", 2, (short) 1))).all().get();
        Path file = catalog(dir, "hand.made", 4);
        TopicsRun run = TopicsRun.of("--bootstrap-servers", broker.bootstrapServers(), "--file", file.toString(),
                "--apply");
        assertEquals(1, run.exit(), run.out());
        assertEquals("differs", run.status("hand.made"));
        assertTrue(run.out().contains("partitions: declared 4, actual 2"), run.out());
        assertEquals(2, admin.describeTopics(Set.of("hand.made")).allTopicNames().get()
                .get("hand.made").partitions().size());
    }

    @Test
    void aConfigChangedByHandIsReportedAndApplyRestoresIt(@TempDir Path dir) throws Exception {
        Path file = catalog(dir, "drifting.config", 1);
        String[] bootstrap = {"--bootstrap-servers", broker.bootstrapServers(), "--file", file.toString()};
        assertEquals(0, TopicsRun.of(concat(bootstrap, "--apply")).exit());
        setTopicConfig("drifting.config", "retention.ms", "1000");

        TopicsRun check = TopicsRun.of(bootstrap);
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("config retention.ms: declared 3600000, actual 1000"), check.out());

        TopicsRun apply = TopicsRun.of(concat(bootstrap, "--apply"));
        assertEquals(0, apply.exit(), apply.out());
        assertEquals("updated", apply.status("drifting.config"));
        assertEquals("3600000", topicConfig("drifting.config", "retention.ms"));
    }

    @Test
    void anUnreachableClusterExitsOneWithOneLineWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TopicsRun run = TopicsRun.of("--bootstrap-servers", "127.0.0.1:" + closedPort, "--timeout-ms", "2000");
        assertEquals(1, run.exit());
        assertTrue(run.millis() < 10_000, "took " + run.millis() + " ms");
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("unreachable"), run.err());
    }

    private static Path catalog(Path dir, String topic, int partitions) throws IOException {
        return Files.writeString(dir.resolve("topics.yaml"), """
                topics:
                  - name: %s
                    partitions: %d
                    configs: {retention.ms: 3600000}
                """.formatted(topic, partitions));
    }

    private static String topicConfig(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
    }

    private static void setTopicConfig(String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource,
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)))).all().get();
    }

    private static String[] concat(String[] args, String more) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
