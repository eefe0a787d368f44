package io.erstream.cli;

import io.erstream.eval.Example;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage at a steady rate against the real application in a child JVM: about 6 % of the records are random
 * bytes, truncated JSON, huge values, over-long keys and feature names, numbers and nesting beyond the JSON
 * parser's limits, or records without key or value, mixed into the labelled streams of a few keys (two of them not
 * UTF-8). The instance must stay up throughout — the process alive and {@code /health} 200 at every poll, no
 * stream-thread failure or refused output in its log — and answer every record exactly once, good ones by a
 * prediction and bad ones by a dead letter with the owed reason ({@link RecordFeed}).
 *
 * <p>Short in the default run ({@value #DEFAULT_SECONDS} s at {@value #DEFAULT_RATE} records/s); {@code -Psoak} runs
 * it for 10 minutes at 5,000 records/s (system properties {@code erstream.soak.seconds}, {@code erstream.soak.rate},
 * {@code erstream.soak.seed}). The rate is the producer's target: the application may fall behind it, and the test
 * then waits for it to catch up (up to twice the production time), reporting the lag.
 */
class GarbageSoakIT {

    private static final int DEFAULT_SECONDS = 20;
    private static final int DEFAULT_RATE = 1000;
    private static final int SECONDS = Integer.getInteger("erstream.soak.seconds", DEFAULT_SECONDS);
    private static final double RATE = Double.parseDouble(System.getProperty("erstream.soak.rate",
            Integer.toString(DEFAULT_RATE)));
    private static final long SEED = Long.getLong("erstream.soak.seed", 20261130L);
    /** The share of garbage among the records, huge values aside (those come once per {@link #HUGE_EVERY}). */
    private static final double GARBAGE = 0.06;
    private static final int HUGE_EVERY = 2000;
    private static final List<byte[]> KEYS = List.of(bytes("alpha"), bytes("beta"), bytes("gamma"), bytes("delta"),
            bytes("epsilon"), bytes("zeta"), new byte[] {(byte) 0xFF, 'k'}, new byte[] {(byte) 0xFE, 'k'});
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private Admin admin;
    private ChildApp child;
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedBroker().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        ChildApp.createTopics(admin, "soak");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        producer.shutdownNow();
        if (child != null) {
            child.close();
        }
        admin.close();
        broker.close();
    }

    @Test
    void mixedGarbageAtASteadyRateIsAnsweredOnceWhileTheInstanceStaysUp() throws Exception {
        System.out.printf("soak: %d s at %.0f records/s, %.0f %% garbage, seed %d%n", SECONDS, RATE, GARBAGE * 100,
                SEED);
        child = ChildApp.startRunning("soak", ChildApp.properties(broker.bootstrapServers(), "soak",
                dir.resolve("state")), dir, START);
        try (UptimeWatch up = new UptimeWatch(child, "soak");
             RecordFeed feed = new RecordFeed(broker.bootstrapServers(), TopicCatalog.EXAMPLES, RATE);
             PredictionLedger predictions = new PredictionLedger(broker.bootstrapServers(),
                     "soak." + TopicCatalog.PREDICTIONS, feed::checkPrediction);
             PredictionLedger letters = new PredictionLedger(broker.bootstrapServers(),
                     "soak." + TopicCatalog.DEAD_LETTERS, feed::checkDeadLetter)) {
            long t0 = System.nanoTime();
            Future<?> sending = producer.submit(() -> {
                send(feed, t0 + TimeUnit.SECONDS.toNanos(SECONDS));
                feed.flush();
                return null;
            });
            long nextReport = t0;
            while (!sending.isDone()) { // read along, so that a stall shows as a timeout naming the child's log
                long target = Math.min(feed.good(), predictions.predictions() + 1_000);
                if (target > predictions.predictions()) {
                    predictions.awaitAtLeast(target, PROGRESS, child::tail);
                } else {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                if (System.nanoTime() >= nextReport) {
                    System.out.printf("%4.0f s: %d sent, %d predictions read%n", (System.nanoTime() - t0) / 1e9,
                            feed.sent(), predictions.predictions());
                    nextReport += TimeUnit.SECONDS.toNanos(10);
                }
            }
            sending.get();
            long produced = System.nanoTime();
            System.out.printf("sent %d records (%d good, %d bad) in %.1f s: %.0f records/s%n", feed.sent(), feed.good(),
                    feed.bad(), (produced - t0) / 1e9, feed.sent() / ((produced - t0) / 1e9));

            Duration catchUp = Duration.ofSeconds(Math.max(PROGRESS.toSeconds(), 2L * SECONDS));
            predictions.awaitAtLeast(feed.good(), catchUp, child::tail);
            letters.awaitAtLeast(feed.bad(), catchUp, child::tail);
            predictions.drainToEnd(PROGRESS);
            letters.drainToEnd(PROGRESS);
            System.out.printf("every answer read %.1f s after the last record was sent%n",
                    (System.nanoTime() - produced) / 1e9);
            feed.assertAnsweredOnce(predictions, letters);
            System.out.printf("each input answered once: %d predictions, %d dead letters; models %s%n", feed.good(),
                    feed.bad(), feed.goodPerModel());
            up.assertUpThroughout();
        }
    }

    /** Labelled examples of every key, mixed with garbage, until {@code deadline} (System.nanoTime). */
    private static void send(RecordFeed feed, long deadline) {
        Random random = new Random(SEED);
        List<HyperplaneGenerator> streams = new ArrayList<>();
        for (int k = 0; k < KEYS.size(); k++) {
            streams.add(HyperplaneGenerator.rotating(Long.MAX_VALUE, SEED + k));
        }
        Example example = new Example(streams.get(0).dimension());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        for (long i = 0; System.nanoTime() < deadline; i++) {
            int k = random.nextInt(KEYS.size());
            byte[] key = KEYS.get(k);
            streams.get(k).next(example);
            byte[] value = ExampleProducer.json(example, "k" + k, streams.get(k).classNames(), buffer);
            if (i % HUGE_EVERY == HUGE_EVERY / 2) {
                feed.bad(key, letters(random, 100_000 + random.nextInt(900_000)), "malformed-json");
            } else if (random.nextDouble() < GARBAGE) {
                garbage(feed, random, key, value);
            } else {
                feed.good(key, value);
            }
        }
    }

    /** One bad record of a random kind, made from a good {@code key} and {@code value}. */
    private static void garbage(RecordFeed feed, Random random, byte[] key, byte[] value) {
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> feed.bad(key, letters(random, 1 + random.nextInt(2000)), "malformed-json");
            case 3, 4 -> feed.bad(key, Arrays.copyOf(value, 1 + random.nextInt(value.length - 1)), "malformed-json");
            case 5 -> {
                byte[] longKey = new byte[length(random)];
                random.nextBytes(longKey);
                feed.bad(longKey, value, "oversized");
            }
            case 6 -> feed.bad(key, bytes("{\"id\":\"n\",\"features\":{\"" + "n".repeat(length(random))
                    + "\":1},\"label\":0}"), "oversized");
            case 7 -> feed.bad(key, bytes(random.nextBoolean()
                    ? "{\"id\":\"d\",\"features\":[" + "7".repeat(1_001 + random.nextInt(5_000)) + "],\"label\":0}"
                    : "{\"id\":\"d\",\"x\":" + nested(1_001 + random.nextInt(2_000)) + ",\"features\":[1]}"),
                    "oversized");
            case 8 -> feed.bad(null, value, "missing-field");
            default -> feed.bad(key, null, "missing-field");
        }
    }

    /** {@code depth} nested arrays: deeper than the JSON parser's nesting limit. */
    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A key or name length over the 1,024 limit: mostly a few KB, one in twenty 70,000. */
    private static int length(Random random) {
        return random.nextInt(20) == 0 ? 70_000 : 1_025 + random.nextInt(3_000);
    }

    /** Random bytes that start with a capital letter: never JSON, and never another JSON type than malformed. */
    private static byte[] letters(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = (byte) ('A' + random.nextInt(26));
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
