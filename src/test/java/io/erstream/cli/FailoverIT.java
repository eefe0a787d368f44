package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and failover with the product's defaults (one standby, a 10 s session timeout): three instances of the
 * real application in child JVMs share 12 partitions and 50 keys; while examples arrive one is SIGKILLed, a fourth
 * is added, and another is stopped cleanly (SIGTERM). Meanwhile a client asks every live instance about every key.
 * The run is made once ({@link #runTheScenario}); each test checks one promise of it.
 *
 * <p>An event's failover time runs from the event until every record produced before it has been answered
 * (committed): the killed instance's partitions moved, their uncommitted records processed again.
 *
 * <p>Default run: 300 examples a key at 250/s. {@code -Pfailover} sets {@code erstream.failover.per-key} and
 * {@code erstream.failover.rate} (1,500 a key at 500/s), the long version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverIT {

    private static final int PARTITIONS = 12;
    private static final int KEYS = 50;
    private static final int PER_KEY = Integer.getInteger("erstream.failover.per-key", 300);
    private static final double RATE = Integer.getInteger("erstream.failover.rate", 250);
    private static final Duration PROGRESS = Duration.ofSeconds(240);
    private static final String APP = "scale";

    private ChildCluster cluster;
    private KeyedFeed feed;
    private QueryProbe probe;
    private PredictionLedger ledger;
    private ChildApp reference;
    private ChildApp survivor;
    /** {@link System#nanoTime()} at the SIGKILL, and when every record produced before it had been answered. */
    private long killed;
    private long recovered;

    @BeforeAll
    void runTheScenario(@TempDir Path dir) throws Exception {
        cluster = new ChildCluster(dir, PARTITIONS, APP, "reference");
        feed = cluster.feed(KEYS, PER_KEY, RATE);
        long n = feed.total();
        reference = cluster.start("reference", cluster.properties("reference", "reference"));
        ChildApp a = start("a");
        ChildApp b = start("b");
        ChildApp c = start("c");
        survivor = c;
        feed.start();
        ledger = new PredictionLedger(cluster.bootstrap(), APP + "." + TopicCatalog.PREDICTIONS);
        for (String key : feed.keys()) {
            c.awaitExamplesAtLeast(key, 1, PROGRESS); // every model exists before anyone is asked about it
        }
        probe = new QueryProbe(feed.keys()).start();
        for (ChildApp child : List.of(a, b, c)) {
            probe.ask(child.name(), child.port());
        }

        ledger.awaitAtLeast(n / 4, PROGRESS, c::tail);
        probe.forget(a.name());
        Map<Integer, Long> beforeKill = cluster.lastInputOffsets();
        killed = System.nanoTime();
        assertEquals(ChildApp.SIGKILLED, a.kill(), "a must die by SIGKILL");
        ledger.awaitAnsweredFrom(beforeKill, PROGRESS, c::tail);
        recovered = System.nanoTime();
        report("SIGKILL of a", killed, recovered);

        ledger.awaitAtLeast(n / 2, PROGRESS, c::tail);
        long added = System.nanoTime();
        ChildApp d = start("d");
        probe.ask(d.name(), d.port());
        ledger.awaitAnsweredFrom(cluster.lastInputOffsets(), PROGRESS, c::tail);
        report("d added", added, System.nanoTime());

        ledger.awaitAtLeast(n * 3 / 4, PROGRESS, c::tail);
        probe.forget(b.name());
        Map<Integer, Long> beforeStop = cluster.lastInputOffsets();
        long stopped = System.nanoTime();
        b.stop(PROGRESS);
        ledger.awaitAnsweredFrom(beforeStop, PROGRESS, c::tail);
        report("SIGTERM of b", stopped, System.nanoTime());

        feed.await(PROGRESS);
        ledger.awaitAtLeast(n, PROGRESS, c::tail);
        ledger.drainToEnd(PROGRESS);
        probe.close();
        System.out.printf("queries over the whole run: %s%n", QueryProbe.byStatus(probe.all()));
        probe.all().stream().filter(q -> q.status() != 200).forEach(q -> System.out.printf("  %.1f s %s %s: %d %s%n",
                (q.nanos() - killed) / 1e9, q.instance(), q.key(), q.status(), q.detail()));
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyModelEndsByteIdenticalToOneUninterruptedInstance() throws Exception {
        ModelComparison.assertSameModels(reference, survivor, feed, PROGRESS);
    }

    @Test
    void everyInputOffsetIsAnsweredExactlyOnce() throws Exception {
        ledger.assertEachInputAnsweredOnce(cluster.admin, ChildCluster.INPUT, feed.total());
    }

    @Test
    void noQueryForAnExistingModelIsEverAnswered404() {
        List<QueryProbe.Answer> notFound = probe.all().stream().filter(a -> a.status() == 404).toList();
        assertTrue(notFound.isEmpty(), notFound.size() + " false 404s, e.g. " + notFound.subList(0,
                Math.min(5, notFound.size())));
    }

    @Test
    void atLeast95PercentOfQueriesDuringTheFailoverAreAnswered() {
        List<QueryProbe.Answer> during = probe.between(killed, recovered);
        double answered = QueryProbe.answered(during);
        assertTrue(!during.isEmpty(), "no query was made during the failover");
        assertTrue(answered >= 0.95, "answered " + answered + " of queries during the failover: "
                + QueryProbe.byStatus(during));
    }

    private ChildApp start(String instance) throws Exception {
        Properties properties = cluster.properties(APP, instance);
        return cluster.start(instance, properties);
    }

    private void report(String event, long from, long to) {
        List<QueryProbe.Answer> during = probe.between(from, to);
        System.out.printf("%s: every earlier record answered after %.1f s; %d queries meanwhile, %.4f answered "
                + "200: %s%n", event, (to - from) / 1e9, during.size(), QueryProbe.answered(during),
                QueryProbe.byStatus(during));
    }
}
