package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.eval.Example;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many more models than fit in the heap, through the real application in a child JVM with {@code -Xmx512m}: every
 * record answered exactly once, no OutOfMemoryError, a SIGKILL mid-stream and a restart ending with every model
 * byte-identical to an uninterrupted run's, and {@code /models/{key}} answering for a key evicted long ago.
 *
 * <p>The input: K keys, one example each in key order, then a second example for keys K/3..K−1 (N = 5K/3 records,
 * d = 10, one seeded hyperplane). Keys 0..K/3−1 are written only in the first third of the stream, so by the end
 * they have been out of a small cache for a long time, and every second-pass record loads its model from the store.
 *
 * <p>Default run: K = 30,000 with an 8 MiB model cache (about 1,700 live models), killed and restarted (the
 * application's own cache, -Xmx512m). {@code -Pcapacity} sets {@code erstream.capacity.keys} (the 300,000,
 * one instance, not killed) and {@code erstream.capacity.crash.keys} (200,000, killed and restarted), with the
 * application's default cache ({@code erstream.capacity.cache.bytes=default}; a number sets it).
 */
class ManyKeysIT {

    private static final String CACHE_BYTES = System.getProperty("erstream.capacity.cache.bytes", "8388608");
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Admin admin;
    private final List<ChildApp> children = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, "many", "reference");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (ChildApp child : children) {
            child.close();
        }
        admin.close();
        broker.close();
    }

    /** The bar for one instance: K keys through {@code run} -Xmx512m (only with -Pcapacity). */
    @Test
    @EnabledIfSystemProperty(named = "erstream.capacity.keys", matches = "\\d+")
    void manyKeysThroughOneInstanceAnsweredOnceWithoutRunningOutOfHeap() throws Exception {
        int keys = Integer.getInteger("erstream.capacity.keys");
        long n = produce(keys);
        Duration progress = progress(n);
        ChildApp child = start("many-run", properties("many"));
        try (PredictionLedger ledger = new PredictionLedger(broker.bootstrapServers(),
                "many." + TopicCatalog.PREDICTIONS)) {
            long t0 = System.nanoTime();
            ledger.awaitAtLeast(n, progress, child::tail);
            System.out.printf("%,d records over %,d keys answered in %.1f s%n", n, keys,
                    (System.nanoTime() - t0) / 1e9);
            ledger.drainToEnd(progress);
            ledger.assertEachInputAnsweredOnce(admin, TopicCatalog.EXAMPLES, n);
        }
        assertLongEvictedModelAnswers(child, keys);
        assertHealthy(child);
    }

    /** A SIGKILL mid-stream and a restart: answered once, every model byte-identical to an uninterrupted run. */
    @Test
    void aKilledInstanceWithManyEvictedModelsEndsByteIdenticalToAnUninterruptedOne() throws Exception {
        int keys = Integer.getInteger("erstream.capacity.crash.keys", 30_000);
        long n = produce(keys);
        Duration progress = progress(n);
        Properties unbounded = properties("reference");
        unbounded.remove(StreamConfig.MODELS_CACHE_BYTES); // the application's default cache: no eviction at 30,000
        ChildApp reference = start("reference-run", unbounded);
        ChildApp first = start("many-run-1", properties("many"));
        ChildApp second;
        try (PredictionLedger ledger = new PredictionLedger(broker.bootstrapServers(),
                "many." + TopicCatalog.PREDICTIONS)) {
            long seen = ledger.awaitAtLeast(n / 2, progress, first::tail); // into the second pass: loads under way
            System.out.printf("kill: %,d of %,d records answered%n", seen, n);
            assertHealthy(first);
            assertEquals(ChildApp.SIGKILLED, first.kill(), "the first run must die by SIGKILL");
            second = start("many-run-2", properties("many"));
            long t0 = System.nanoTime();
            ledger.awaitAtLeast(n, progress, second::tail);
            System.out.printf("restarted run answered the remaining %,d records in %.1f s%n", n - seen,
                    (System.nanoTime() - t0) / 1e9);
            ledger.drainToEnd(progress);
            ledger.assertEachInputAnsweredOnce(admin, TopicCatalog.EXAMPLES, n);
        }
        try (PredictionLedger ledger = new PredictionLedger(broker.bootstrapServers(),
                "reference." + TopicCatalog.PREDICTIONS)) {
            ledger.awaitAtLeast(n, progress, reference::tail);
        }
        assertLongEvictedModelAnswers(second, keys);
        // the last model written, then two view refreshes: every live view is current
        second.awaitExamples(key(keys - 1), 2, progress);
        reference.awaitExamples(key(keys - 1), 2, progress);
        Thread.sleep(1_500);
        long t0 = System.nanoTime();
        List<Integer> sample = sample(keys);
        for (int k : sample) {
            byte[] expected = reference.modelCodec(key(k));
            assertArrayEquals(expected, second.modelCodec(key(k)), "model " + key(k) + " differs from the reference");
        }
        System.out.printf("%,d of %,d models byte-identical to the uninterrupted run (%.1f s)%n", sample.size(), keys,
                (System.nanoTime() - t0) / 1e9);
        for (ChildApp child : List.of(first, second, reference)) {
            assertNoOutOfMemory(child);
        }
        assertHealthy(second);
    }

    /**
     * Keys compared: every key with {@code erstream.capacity.compare=all}; else the first 100 (evicted long ago),
     * every 300th and the last 100 (two GETs each, about 25 ms per GET here: 894 keys took 44 s).
     */
    private static List<Integer> sample(int keys) {
        boolean all = "all".equals(System.getProperty("erstream.capacity.compare"));
        List<Integer> sample = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            if (all || k < 100 || k % 300 == 0 || k >= keys - 100) {
                sample.add(k);
            }
        }
        return sample;
    }

    /** Key 0 was written once, at the very start: long evicted, its model is read from the store. */
    private static void assertLongEvictedModelAnswers(ChildApp child, int keys) throws Exception {
        JsonNode model = child.model(key(0));
        assertNotNull(model, "GET /models/" + key(0) + " (written once, " + (5L * keys / 3 - 1)
                + " records ago) must answer 200");
        assertEquals(1, model.path("examples").asLong(), "examples of " + key(0) + ": " + model);
        System.out.printf("/models/%s answers 200 with %d example%n", key(0), model.path("examples").asLong());
    }

    private static void assertHealthy(ChildApp child) throws Exception {
        assertTrue(child.alive(), "the child is not alive\n" + child.tail());
        assertEquals(List.of(), child.failures(), "stream-thread failures\n" + child.tail());
        assertNoOutOfMemory(child);
    }

    private static void assertNoOutOfMemory(ChildApp child) {
        assertEquals(List.of(), child.logLines("OutOfMemoryError"), "OutOfMemoryError in the child's log");
    }

    /** Produces the K-key input; returns N. */
    private long produce(int keys) throws Exception {
        int second = keys / 3;
        long n = keys + (keys - second);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        AtomicReference<Exception> failure = new AtomicReference<>();
        HyperplaneGenerator generator = HyperplaneGenerator.rotating(n, 20261130L);
        Example example = new Example(generator.dimension());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; generator.next(example); i++) {
                String key = key((int) (i < keys ? i : i - keys + second));
                producer.send(new ProducerRecord<>(TopicCatalog.EXAMPLES, key,
                        ExampleProducer.json(example, key, generator.classNames(), buffer)), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        System.out.printf("produced %,d records over %,d keys in %.1f s%n", n, keys, (System.nanoTime() - t0) / 1e9);
        return n;
    }

    private static String key(int k) {
        return "k-" + k;
    }

    /** Generous: 2 cores shared by two children and the broker, at a few thousand records/s at worst. */
    private static Duration progress(long n) {
        return Duration.ofSeconds(120 + n / 500);
    }

    private Properties properties(String app) {
        Properties p = ChildApp.properties(broker.bootstrapServers(), app, dir.resolve(app + "-state"));
        if (!CACHE_BYTES.equals("default")) {
            p.setProperty(StreamConfig.MODELS_CACHE_BYTES, CACHE_BYTES);
        }
        return p;
    }

    private ChildApp start(String name, Properties properties) throws Exception {
        ChildApp child = ChildApp.startRunning(name, properties, dir, START);
        children.add(child);
        return child;
    }
}
