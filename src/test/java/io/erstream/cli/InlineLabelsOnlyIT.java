package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance without a labels topic ({@code erstream.topic.labels} empty), in its own process: each task reads the
 * examples topic alone. SIGKILLed mid-stream and restarted on its state directory, it must answer every input once
 * and end with every model byte-identical to an uninterrupted run that reads a labels topic beside the examples (one
 * that stays empty: the feed's labels are inline). So one input topic changes what Kafka Streams checks per record,
 * not what is learnt.
 */
class InlineLabelsOnlyIT {

    private static final int KEYS = 10;
    private static final int PER_KEY = 600;
    private static final double RATE = 300;
    private static final Duration PROGRESS = Duration.ofSeconds(240);
    private static final String APP = "inline";

    @TempDir
    Path dir;

    @AutoClose
    private ChildCluster cluster;

    @Test
    void aKilledInstanceReadingOneTopicEndsWithTheModelsOfAnUninterruptedRunReadingTwo() throws Exception {
        cluster = new ChildCluster(dir, 4, APP, "reference");
        KeyedFeed feed = cluster.feed(KEYS, PER_KEY, RATE);
        Properties inline = cluster.properties(APP, APP);
        inline.setProperty(StreamConfig.TOPIC_LABELS, "");
        ChildApp first = cluster.start(APP, inline);
        feed.start();
        ChildApp restarted;
        try (PredictionLedger ledger = new PredictionLedger(cluster.bootstrap(), APP + "." + TopicCatalog.PREDICTIONS)) {
            long seen = ledger.awaitAtLeast(feed.total() / 3, PROGRESS, first::tail);
            assertEquals(ChildApp.SIGKILLED, first.kill(), "the instance must die by SIGKILL");
            System.out.printf("killed at %d of %d predictions%n", seen, feed.total());

            restarted = cluster.start(APP + "-restarted", inline); // the same state directory
            assertEquals(Set.of(ChildCluster.INPUT), assignedTopics("erstream-it-" + APP));
            feed.await(PROGRESS);
            ledger.awaitAtLeast(feed.total(), PROGRESS, restarted::tail);
            ledger.drainToEnd(PROGRESS);
            ledger.assertEachInputAnsweredOnce(cluster.admin, ChildCluster.INPUT, feed.total());
        }

        ChildApp reference = cluster.start("reference", cluster.properties("reference", "reference"));
        ModelComparison.assertSameModels(reference, restarted, feed, PROGRESS);
    }

    /** The topics of the partitions the group's members hold now. */
    private Set<String> assignedTopics(String group) throws Exception {
        ConsumerGroupDescription description = cluster.admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group);
        Set<String> topics = new TreeSet<>();
        description.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic())));
        return topics;
    }
}
