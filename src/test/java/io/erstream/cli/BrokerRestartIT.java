package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 20 s while examples arrive, and comes back on its port with its log dir, as after a
 * broker restart in production. The application, never restarted, resumes by itself; nothing is lost or answered
 * twice; and its models equal those of an instance that read the same input without an outage.
 */
class BrokerRestartIT {

    private static final int KEYS = 10;
    private static final int PER_KEY = Integer.getInteger("erstream.failover.outage.per-key", 800);
    private static final double RATE = 200;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration PROGRESS = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @AutoClose
    private ChildCluster cluster;

    @Test
    void anApplicationWhoseBrokerRestartsResumesWithoutARestartAndAnswersEveryInputOnce() throws Exception {
        cluster = new ChildCluster(dir, 4, "outage", "reference");
        KeyedFeed feed = cluster.feed(KEYS, PER_KEY, RATE);
        ChildApp app = cluster.start("outage", cluster.properties("outage", "outage"));
        feed.start();
        try (PredictionLedger ledger = new PredictionLedger(cluster.bootstrap(), "outage." + TopicCatalog.PREDICTIONS)) {
            long seen = ledger.awaitAtLeast(feed.total() / 4, PROGRESS, app::tail);

            cluster.broker.stop();
            TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
            long restarted = System.nanoTime();
            cluster.broker.start();
            System.out.printf("broker stopped for %d s after %d answers%n", OUTAGE.toSeconds(), seen);

            ledger.awaitAtLeast(seen + 1, PROGRESS, app::tail);
            System.out.printf("answering again %.1f s after the broker came back%n",
                    (System.nanoTime() - restarted) / 1e9);
            feed.await(PROGRESS);
            ledger.awaitAtLeast(feed.total(), PROGRESS, app::tail);
            ledger.drainToEnd(PROGRESS);
            ledger.assertEachInputAnsweredOnce(cluster.admin, ChildCluster.INPUT, feed.total());
        }
        assertTrue(app.alive(), "the application was never restarted");
        assertEquals(200, app.health(), "and is healthy\n" + app.tail());
        System.out.printf("stream-thread failures logged: %s%n", app.failures());

        ChildApp reference = cluster.start("reference", cluster.properties("reference", "reference"));
        ModelComparison.assertSameModels(reference, app, feed, PROGRESS);
    }
}
