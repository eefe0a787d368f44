package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.eval.Example;
import io.erstream.eval.ExampleStream;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactness promise, tested the hard way: the real application in a child JVM under exactly_once_v2 is
 * SIGKILLed twice mid-stream (once restarting on its own state directory, once on a wiped one, so the second
 * restart restores from the changelog alone), and must end with every model bit-identical to an uninterrupted
 * run over the same input, having answered every input record exactly once.
 */
class CrashRestartIT {

    private static final List<String> KEYS = List.of("alpha", "beta", "gamma");
    private static final int PER_KEY = 10_000;
    private static final int N = PER_KEY * KEYS.size();
    /** Produced, paced, while the application runs and is killed; the rest only after the last restart. */
    private static final int FIRST_PART = PER_KEY * 8 / 10;
    private static final double RATE = 2_000; // examples/s over all keys while the kills happen
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Admin admin;
    private final List<ChildApp> children = new ArrayList<>();
    private final ExecutorService producers = Executors.newFixedThreadPool(KEYS.size());

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, "crash", "reference");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        producers.shutdownNow();
        for (ChildApp child : children) {
            child.close();
        }
        admin.close();
        broker.close();
    }

    @Test
    void aTwiceKilledApplicationEndsBitIdenticalToAnUninterruptedOneAndAnswersEveryInputOnce() throws Exception {
        Path crashState = dir.resolve("crash-state");
        ChildApp reference = start("reference-run", properties("reference", dir.resolve("reference-state")));
        ChildApp first = start("crash-run-1", properties("crash", crashState));
        List<HyperplaneGenerator> streams = KEYS.stream()
                .map(k -> HyperplaneGenerator.rotating(PER_KEY, 1000 + KEYS.indexOf(k))).toList();
        List<Future<Long>> firstPart = produce(streams, FIRST_PART, RATE);

        try (PredictionLedger ledger = new PredictionLedger(broker.bootstrapServers(), "crash." + TopicCatalog.PREDICTIONS)) {
            long seen = ledger.awaitAtLeast(N / 4, PROGRESS, first::tail);
            report("kill 1", seen);
            assertEquals(ChildApp.SIGKILLED, first.kill(), "the first run must die by SIGKILL");

            ChildApp second = start("crash-run-2", properties("crash", crashState)); // same state dir
            seen = ledger.awaitAtLeast(seen + 2_000, PROGRESS, second::tail);
            report("kill 2", seen);
            assertEquals(ChildApp.SIGKILLED, second.kill(), "the second run must die by SIGKILL");

            ChildApp.deleteState(crashState); // the third run restores from the changelog alone
            ChildApp third = start("crash-run-3", properties("crash", crashState));
            for (Future<Long> part : firstPart) {
                assertEquals(FIRST_PART, part.get(PROGRESS.toSeconds(), TimeUnit.SECONDS));
            }
            for (Future<Long> rest : produce(streams, PER_KEY - FIRST_PART, 0)) { // every key moves after restart
                assertEquals(PER_KEY - FIRST_PART, rest.get(PROGRESS.toSeconds(), TimeUnit.SECONDS));
            }
            ledger.awaitAtLeast(N, PROGRESS, third::tail);

            for (String key : KEYS) {
                third.awaitExamples(key, PER_KEY, PROGRESS);
                reference.awaitExamples(key, PER_KEY, PROGRESS);
                byte[] expected = reference.modelCodec(key);
                assertArrayEquals(expected, third.modelCodec(key), "model " + key + " differs from the reference");
                System.out.printf("model %s: %d codec bytes, bit-identical to the uninterrupted run%n", key,
                        expected.length);
            }
            ledger.drainToEnd(PROGRESS);
            ledger.assertEachInputAnsweredOnce(admin, TopicCatalog.EXAMPLES, N);
        }
    }

    private Map<TopicPartition, Long> inputEndOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        int partitions = TopicCatalog.bundled().topic(TopicCatalog.EXAMPLES).partitions();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(TopicCatalog.EXAMPLES, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private void report(String event, long predictions) throws Exception {
        long produced = inputEndOffsets().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%s: %d committed predictions, %d examples produced (of %d)%n", event, predictions,
                produced, N);
    }

    private ChildApp start(String name, Properties properties) throws Exception {
        ChildApp child = ChildApp.startRunning(name, properties, dir, START);
        children.add(child);
        return child;
    }

    /** The next {@code count} examples of every key's stream, one producer per key, {@code rate} in total. */
    private List<Future<Long>> produce(List<HyperplaneGenerator> streams, int count, double rate) {
        List<Future<Long>> sent = new ArrayList<>();
        for (int k = 0; k < KEYS.size(); k++) {
            String key = KEYS.get(k);
            ExampleStream part = new Prefix(streams.get(k), count);
            sent.add(producers.submit(() -> {
                Properties p = new Properties();
                p.put("bootstrap.servers", broker.bootstrapServers());
                try (ExampleProducer producer = new ExampleProducer(p, TopicCatalog.EXAMPLES)) {
                    return producer.send(part, key, rate / KEYS.size(), null);
                }
            }));
        }
        return sent;
    }

    private Properties properties(String app, Path stateDir) {
        return ChildApp.properties(broker.bootstrapServers(), app, stateDir);
    }

    /** The next {@code limit} examples of a stream that is continued later (so both parts are one sequence). */
    private static final class Prefix implements ExampleStream {
        private final ExampleStream stream;
        private long left;

        Prefix(ExampleStream stream, long limit) {
            this.stream = stream;
            this.left = limit;
        }

        @Override
        public boolean next(Example into) {
            return left-- > 0 && stream.next(into);
        }

        @Override
        public int dimension() {
            return stream.dimension();
        }

        @Override
        public int classes() {
            return stream.classes();
        }

        @Override
        public String[] classNames() {
            return stream.classNames();
        }

        @Override
        public long size() {
            return -1;
        }
    }
}
