package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.eval.AgrawalEvents;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.StartupChecks;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed labels under a crash: event records on {@code erstream.examples} whose labels come 0–5 s later (by
 * record time) on {@code erstream.labels}; the application in a child JVM under exactly_once_v2 is SIGKILLed
 * mid-stream and restarted on a wiped state directory (models and waiting examples restored from their changelogs
 * alone), and ends with every model byte-identical — metrics included — to an uninterrupted run, every label
 * matched.
 *
 * <p>A label and its example meet in one task, which merges the two topics by record timestamp; both runs must
 * see the same merge, so the input is produced in two parts split at one record time (every record of the first
 * part is older than every record of the second), each before a run reads it, and no two records share a timestamp.
 */
class DelayedLabelsIT {

    private static final List<String> KEYS = List.of("alpha", "beta", "gamma");
    private static final int PER_KEY = 600;
    private static final int N = PER_KEY * KEYS.size();
    private static final long T0 = 1_767_225_600_000L;
    private static final int SPACING_MS = 20; // examples at even milliseconds, labels at odd ones
    private static final int MAX_DELAY_MS = 5_000;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Admin admin;
    private final List<ChildApp> children = new ArrayList<>();

    /** One record to produce: an unlabelled example or a label, at a record time. */
    private record Input(String topic, String key, long at, byte[] value) {
    }

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, "delayed", "reference");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (ChildApp child : children) {
            child.close();
        }
        admin.close();
        broker.close();
    }

    @Test
    void aKilledApplicationWithLabelsOnTheWayEndsByteIdenticalToAnUninterruptedOne() throws Exception {
        List<Input> input = input();
        long boundary = T0 + (long) N * 7 / 10 * SPACING_MS;
        produce(input.stream().filter(r -> r.at() < boundary).toList());

        Path state = dir.resolve("delayed-state");
        ChildApp first = start("delayed-run-1", properties("delayed", state));
        try (PredictionLedger ledger = new PredictionLedger(broker.bootstrapServers(),
                "delayed." + TopicCatalog.PREDICTIONS)) {
            long seen = ledger.awaitAtLeast(N / 4, PROGRESS, first::tail);
            assertEquals(ChildApp.SIGKILLED, first.kill(), "the first run must die by SIGKILL");
            System.out.printf("killed after %d committed predictions (of %d examples and %d labels)%n", seen, N, N);
            produce(input.stream().filter(r -> r.at() >= boundary).toList());
            ChildApp.deleteState(state); // models and waiting examples come back from their changelogs alone
            ChildApp second = start("delayed-run-2", properties("delayed", state));
            ChildApp reference = start("reference-run", properties("reference", dir.resolve("reference-state")));

            ledger.awaitAtLeast(2L * N, PROGRESS, second::tail); // one prediction per example and per label
            for (String key : KEYS) {
                second.awaitExamples(key, PER_KEY, PROGRESS); // every label matched
                reference.awaitExamples(key, PER_KEY, PROGRESS);
                byte[] expected = reference.modelCodec(key);
                assertArrayEquals(expected, second.modelCodec(key),
                        "model " + key + " differs from the uninterrupted run");
                System.out.printf("model %s: %d codec bytes, byte-identical to the uninterrupted run%n", key,
                        expected.length);
            }
        }
    }

    @Test
    void labelsOfAnotherPartitionCountAreRefusedAtStartNamingBothTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("two.labels", 2, (short) 1))).all().get();
        awaitDescribable("two.labels");
        Properties p = properties("delayed", dir.resolve("unused"));
        p.setProperty(StreamConfig.TOPIC_LABELS, "two.labels");
        StreamConfig config = StreamConfig.fromProperties(p, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StartupChecks.checkCoPartitioned(config, admin, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("the examples topic erstream.examples has 4 partitions and the labels "
                + "topic two.labels has 2"), e.getMessage());
    }

    /** A created topic reaches the broker's metadata a little after the controller accepts it. */
    private void awaitDescribable(String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Every key's Agrawal events (string categories, 10% of fields absent) without their labels, one every
     * {@value #SPACING_MS} ms over all keys, and each label 0–5 s after its example, in record-time order.
     */
    private static List<Input> input() {
        List<AgrawalEvents> streams = new ArrayList<>();
        for (int k = 0; k < KEYS.size(); k++) {
            streams.add(new AgrawalEvents(PER_KEY, 100 + k, 3, 0.1));
        }
        Random delays = new Random(42);
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < PER_KEY; i++) {
            for (int k = 0; k < KEYS.size(); k++) {
                AgrawalEvents stream = streams.get(k);
                if (!stream.next()) {
                    throw new IllegalStateException("stream " + k + " ended early");
                }
                long at = T0 + (long) (i * KEYS.size() + k) * SPACING_MS;
                out.add(new Input(TopicCatalog.EXAMPLES, KEYS.get(k), at, stream.unlabelled()));
                out.add(new Input(TopicCatalog.LABELS, KEYS.get(k), at + 2L * delays.nextInt(MAX_DELAY_MS / 2) + 1,
                        stream.label()));
            }
        }
        out.sort(Comparator.comparingLong(Input::at));
        return out;
    }

    private void produce(List<Input> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Input r : records) {
                producer.send(new ProducerRecord<>(r.topic(), null, r.at(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    private ChildApp start(String name, Properties properties) throws Exception {
        ChildApp child = ChildApp.startRunning(name, properties, dir, START);
        children.add(child);
        return child;
    }

    private Properties properties(String app, Path stateDir) {
        return ChildApp.properties(broker.bootstrapServers(), app, stateDir);
    }
}
