package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.erstream.eval.Example;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.ModelKey;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poison records against the real application in a child JVM, on a real broker whose topics carry their declared
 * limits: whatever the bytes of an input record — a 900 KB value that is not JSON, valid JSON with a 900 KB id, a
 * 70,000-byte key, a 70,000-character feature name, truncated JSON, no key, no value — the instance stays up and
 * answers it exactly once, with a prediction if it is a good example and a dead letter of at most 1 MiB that
 * carries the record's size and SHA-256 if not. Two keys whose bytes are not UTF-8 and would decode to the same
 * text with replacement characters are two models.
 *
 * <p>A second application reading the same input is SIGKILLed mid-stream (at half the predictions, once it has
 * dead-lettered some of the poison) and restarted on its state directory: it must end answering every input once as well, with every model
 * bit-identical to the uninterrupted instance's. Both scenarios run with the default limits and with
 * {@code erstream.max.record.bytes=500000}, under which a 600 KB good example becomes an oversized dead letter.
 */
class PoisonRecordIT {

    private static final List<String> KEYS = List.of("alpha", "beta", "gamma");
    private static final int PER_KEY = 800;
    /** Neither is UTF-8; a lenient decoder makes both "\uFFFDk", so only byte-exact keys keep them apart. */
    private static final byte[][] BINARY_KEYS = {{(byte) 0xFF, 'k'}, {(byte) 0xFE, 'k'}};
    private static final int PER_BINARY_KEY = 200;
    /** The longest key that is not oversized (erstream.max.key.bytes = 1024): one good record. */
    private static final byte[] LONGEST_KEY = "k".repeat(RecordFeed.MAX_KEY_BYTES).getBytes(StandardCharsets.US_ASCII);
    /** Paced so that the kill falls while the input is still being produced. */
    private static final double RATE = 300;
    private static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Admin admin;
    private final List<ChildApp> children = new ArrayList<>();
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, "poison-reference", "poison-crash");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        producer.shutdownNow();
        for (ChildApp child : children) {
            child.close();
        }
        admin.close();
        broker.close();
    }

    /** @param maxRecordBytes {@code erstream.max.record.bytes}, 0 for the default (1 MiB) */
    @ParameterizedTest(name = "erstream.max.record.bytes = {0} (0: default)")
    @ValueSource(ints = {0, 500_000})
    void everyPoisonRecordIsAnsweredOnceByADeadLetterAndTheInstanceStaysUpThroughAKill(int maxRecordBytes)
            throws Exception {
        long t0 = System.nanoTime();
        Path crashState = dir.resolve("crash-state");
        ChildApp reference = start("reference", properties("poison-reference", dir.resolve("reference-state"),
                maxRecordBytes));
        ChildApp crash = start("crash-run-1", properties("poison-crash", crashState, maxRecordBytes));
        try (UptimeWatch referenceUp = new UptimeWatch(reference, "reference");
             RecordFeed feed = new RecordFeed(broker.bootstrapServers(), TopicCatalog.EXAMPLES, RATE);
             PredictionLedger referencePredictions = ledger("poison-reference", TopicCatalog.PREDICTIONS,
                     feed::checkPrediction);
             PredictionLedger referenceLetters = ledger("poison-reference", TopicCatalog.DEAD_LETTERS,
                     feed::checkDeadLetter);
             PredictionLedger crashPredictions = ledger("poison-crash", TopicCatalog.PREDICTIONS,
                     feed::checkPrediction);
             PredictionLedger crashLetters = ledger("poison-crash", TopicCatalog.DEAD_LETTERS,
                     feed::checkDeadLetter)) {
            int limit = maxRecordBytes == 0 ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes;
            Future<?> sent = producer.submit(() -> {
                send(feed, limit);
                feed.flush();
                return null;
            });

            long half = (KEYS.size() * PER_KEY + BINARY_KEYS.length * PER_BINARY_KEY) / 2;
            long seen = crashPredictions.awaitAtLeast(half, PROGRESS, crash::tail);
            crashLetters.awaitAtLeast(1, PROGRESS, crash::tail); // some poison before the kill
            System.out.printf("kill: %d committed predictions, %d dead letters, %d of the input sent%n", seen,
                    crashLetters.predictions(), feed.sent());
            assertEquals(List.of(), crash.failures(), "the first run's log before the kill");
            assertEquals(ChildApp.SIGKILLED, crash.kill(), "the first run must die by SIGKILL");
            ChildApp restarted = start("crash-run-2", properties("poison-crash", crashState, maxRecordBytes));
            try (UptimeWatch restartedUp = new UptimeWatch(restarted, "crash-run-2")) {
                sent.get(PROGRESS.toSeconds(), TimeUnit.SECONDS);
                System.out.printf("sent %d good and %d bad records%n", feed.good(), feed.bad());

                awaitAll(feed, referencePredictions, referenceLetters, reference);
                awaitAll(feed, crashPredictions, crashLetters, restarted);
                feed.assertAnsweredOnce(referencePredictions, referenceLetters);
                feed.assertAnsweredOnce(crashPredictions, crashLetters);
                System.out.printf("each input answered once by both applications: %d predictions, %d dead letters%n",
                        feed.good(), feed.bad());

                assertNotEquals(ModelKey.of(BINARY_KEYS[0]), ModelKey.of(BINARY_KEYS[1]));
                for (Map.Entry<String, Long> model : feed.goodPerModel().entrySet()) {
                    reference.awaitExamples(model.getKey(), model.getValue(), PROGRESS);
                    restarted.awaitExamples(model.getKey(), model.getValue(), PROGRESS);
                    byte[] expected = reference.modelCodec(model.getKey());
                    assertArrayEquals(expected, restarted.modelCodec(model.getKey()),
                            "model " + cut(model.getKey()) + " differs from the uninterrupted run's");
                    System.out.printf("model %s: %d examples, %d codec bytes, bit-identical after the kill%n",
                            cut(model.getKey()), model.getValue(), expected.length);
                }
                referenceUp.assertUpThroughout();
                restartedUp.assertUpThroughout();
            }
        }
        System.out.printf("scenario done in %d s%n", (System.nanoTime() - t0) / 1_000_000_000);
    }

    /**
     * The input: every key's labelled stream interleaved, the poison spread over its middle (from 30 % to 70 %),
     * so that the kill at half the predictions falls between poison records. {@code limit} is the effective
     * {@code erstream.max.record.bytes}: larger values are oversized whatever else is wrong with them.
     */
    private static void send(RecordFeed feed, int limit) {
        List<Runnable> poison = poison(feed, limit);
        List<HyperplaneGenerator> streams = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int k = 0; k < KEYS.size(); k++) {
            streams.add(HyperplaneGenerator.rotating(PER_KEY, 2000 + k));
            keys.add(KEYS.get(k).getBytes(StandardCharsets.UTF_8));
            ids.add(KEYS.get(k));
            counts.add(PER_KEY);
        }
        for (int k = 0; k < BINARY_KEYS.length; k++) {
            streams.add(HyperplaneGenerator.rotating(PER_BINARY_KEY, 3000 + k));
            keys.add(BINARY_KEYS[k]);
            ids.add("binary" + k);
            counts.add(PER_BINARY_KEY);
        }
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        int first = total * 3 / 10;
        int every = (total * 4 / 10) / poison.size();
        Example example = new Example(streams.get(0).dimension());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        int[] left = counts.stream().mapToInt(Integer::intValue).toArray();
        int next = 0;
        for (int i = 0; i < total; i++) {
            if (i >= first && (i - first) % every == 0 && next < poison.size()) {
                poison.get(next++).run();
            }
            int k = i % streams.size();
            while (left[k] == 0) {
                k = (k + 1) % streams.size();
            }
            left[k]--;
            streams.get(k).next(example);
            feed.good(keys.get(k), ExampleProducer.json(example, ids.get(k), streams.get(k).classNames(), buffer));
            if (i == total / 2) {
                feed.good(LONGEST_KEY, good("longest-key", "[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]", ""));
            }
        }
        while (next < poison.size()) {
            poison.get(next++).run();
        }
    }

    /** Each poison record, sent when run, owing the dead letter (or, for the 600 KB example, the answer) it gets. */
    private static List<Runnable> poison(RecordFeed feed, int limit) {
        byte[] alpha = "alpha".getBytes(StandardCharsets.UTF_8);
        byte[] beta = "beta".getBytes(StandardCharsets.UTF_8);
        String features = "[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0]";
        Random random = new Random(42);
        byte[] notJson = new byte[900_000];
        for (int i = 0; i < notJson.length; i++) {
            notJson[i] = (byte) ('A' + random.nextInt(26)); // "Unrecognized token": malformed, not another type
        }
        byte[] hugeId = ("{\"id\":\"" + "i".repeat(900_000) + "\",\"features\":" + features + ",\"label\":1}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] longName = ("{\"id\":\"long-name\",\"features\":{\"" + "n".repeat(70_000) + "\":1},\"label\":0}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] goodValue = good("poison-neighbour", features, "");
        byte[] padded = good("padded", features, ",\"note\":\"" + "p".repeat(600_000) + "\"");
        byte[] longKey = new byte[70_000];
        Arrays.fill(longKey, (byte) 'K');
        List<Runnable> poison = new ArrayList<>();
        poison.add(() -> feed.bad(alpha, notJson, notJson.length > limit ? "oversized" : "malformed-json"));
        poison.add(() -> feed.bad(beta, hugeId, "oversized"));
        poison.add(() -> feed.bad(longKey, goodValue, "oversized"));
        poison.add(() -> feed.bad(alpha, longName, "oversized"));
        poison.add(() -> feed.bad(BINARY_KEYS[0], Arrays.copyOf(goodValue, goodValue.length / 2), "malformed-json"));
        poison.add(() -> feed.bad(beta, Arrays.copyOf(goodValue, 1), "malformed-json"));
        poison.add(() -> feed.bad(BINARY_KEYS[1], Arrays.copyOf(goodValue, goodValue.length - 1), "malformed-json"));
        poison.add(() -> feed.bad(null, goodValue, "missing-field"));
        poison.add(() -> feed.bad(alpha, null, "missing-field"));
        poison.add(() -> {
            if (padded.length > limit) {
                feed.bad(KEYS.get(2).getBytes(StandardCharsets.UTF_8), padded, "oversized");
            } else {
                feed.good(KEYS.get(2).getBytes(StandardCharsets.UTF_8), padded);
            }
        });
        return poison;
    }

    private static byte[] good(String id, String features, String extra) {
        return ("{\"id\":\"" + id + "\",\"features\":" + features + ",\"label\":1" + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until the application has answered every record the feed sent. */
    private static void awaitAll(RecordFeed feed, PredictionLedger predictions, PredictionLedger letters,
                                 ChildApp child) throws Exception {
        predictions.awaitAtLeast(feed.good(), PROGRESS, child::tail);
        letters.awaitAtLeast(feed.bad(), PROGRESS, child::tail);
        predictions.drainToEnd(PROGRESS);
        letters.drainToEnd(PROGRESS);
    }

    private PredictionLedger ledger(String app, String topic,
                                    BiConsumer<ConsumerRecord<byte[], byte[]>, JsonNode> check) {
        return new PredictionLedger(broker.bootstrapServers(), app + "." + topic, check);
    }

    private ChildApp start(String name, Properties properties) throws Exception {
        ChildApp child = ChildApp.startRunning(name, properties, dir, START);
        children.add(child);
        return child;
    }

    private Properties properties(String app, Path stateDir, int maxRecordBytes) {
        Properties p = ChildApp.properties(broker.bootstrapServers(), app, stateDir);
        if (maxRecordBytes != 0) {
            p.setProperty(StreamConfig.MAX_RECORD_BYTES, Integer.toString(maxRecordBytes));
        }
        return p;
    }

    private static String cut(String key) {
        return key.length() > 40 ? key.substring(0, 40) + "… (" + key.length() + " chars)" : key;
    }
}
