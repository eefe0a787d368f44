package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction aborted under a running instance, in its own process: mid-stream, a second producer with the
 * instance's transactional id fences it, the broker aborts the open transaction, and Kafka Streams closes the task
 * dirty and revives it in the same JVM, its store restored from the changelog — the path on which
 * {@code LearnProcessor} must forget its live models (they hold learning the abort undid). The models must equal an
 * uninterrupted run's, and every input be answered once.
 */
class TransactionAbortIT {

    private static final int KEYS = 10;
    private static final int PER_KEY = 600;
    private static final double RATE = 300;
    private static final Duration PROGRESS = Duration.ofSeconds(240);
    private static final String APP = "fenced";
    /** What Kafka Streams logs when a stream thread's producer was fenced: it closes its tasks and rejoins. */
    private static final String FENCED = "Detected that the thread is being fenced";

    @TempDir
    Path dir;

    @AutoClose
    private ChildCluster cluster;

    @Test
    void aFencedInstanceRevivesItsTaskInProcessAndEndsWithTheUninterruptedRunsModels() throws Exception {
        cluster = new ChildCluster(dir, 4, APP, "reference");
        KeyedFeed feed = cluster.feed(KEYS, PER_KEY, RATE);
        ChildApp app = cluster.start(APP, cluster.properties(APP, APP));
        feed.start();
        try (PredictionLedger ledger = new PredictionLedger(cluster.bootstrap(), APP + "." + TopicCatalog.PREDICTIONS)) {
            ledger.awaitAtLeast(feed.total() / 3, PROGRESS, app::tail);

            List<String> fenced = fenceTheInstancesProducers();
            awaitLogged(app, FENCED, PROGRESS);
            System.out.printf("fenced %s; the instance logged: %s%n", fenced, app.logLines(FENCED).get(0));

            feed.await(PROGRESS);
            ledger.awaitAtLeast(feed.total(), PROGRESS, app::tail);
            ledger.drainToEnd(PROGRESS);
            ledger.assertEachInputAnsweredOnce(cluster.admin, ChildCluster.INPUT, feed.total());
        }
        assertTrue(app.alive(), "the task was revived in the same process");

        ChildApp reference = cluster.start("reference", cluster.properties("reference", "reference"));
        ModelComparison.assertSameModels(reference, app, feed, PROGRESS);
    }

    /**
     * Starts a producer with each transactional id of the instance: {@code initTransactions} bumps the epoch, which
     * aborts the open transaction and fences the instance's producer.
     */
    private List<String> fenceTheInstancesProducers() throws Exception {
        List<String> ids = cluster.admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId).filter(id -> id.startsWith("erstream-it-" + APP)).toList();
        assertFalse(ids.isEmpty(), "the instance has a transactional producer");
        for (String id : ids) {
            try (KafkaProducer<byte[], byte[]> intruder = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new ByteArraySerializer(), new ByteArraySerializer())) {
                intruder.initTransactions();
            }
        }
        return ids;
    }

    private static void awaitLogged(ChildApp app, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.logLines(text).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the instance never logged '" + text + "'\n" + app.tail());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
