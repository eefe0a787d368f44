package io.erstream.cli;

import io.erstream.eval.Example;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.stream.ExampleProducer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Labelled examples for many keys at once, in the background: {@code perKey} examples of a seeded rotating
 * hyperplane for each of {@code keys} keys, one key after another (so every partition gets records all the time),
 * paced to {@code rate} records per second in total. The producer is idempotent with the default retries, so a
 * broker that goes away and comes back loses and doubles nothing.
 */
final class KeyedFeed implements AutoCloseable {

    private final String bootstrap;
    private final String topic;
    private final int keys;
    private final int perKey;
    private final double rate;
    private final AtomicLong sent = new AtomicLong();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private Future<Long> done;

    KeyedFeed(String bootstrap, String topic, int keys, int perKey, double rate) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.keys = keys;
        this.perKey = perKey;
        this.rate = rate;
    }

    /** The model key of the k-th stream. */
    static String key(int k) {
        return String.format("key-%02d", k);
    }

    List<String> keys() {
        List<String> all = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            all.add(key(k));
        }
        return all;
    }

    int perKey() {
        return perKey;
    }

    long total() {
        return (long) keys * perKey;
    }

    /** Starts sending in the background. */
    KeyedFeed start() {
        done = thread.submit(this::send);
        return this;
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** Waits until every record is sent and acknowledged; rethrows a failed send. */
    void await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long send() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<HyperplaneGenerator> streams = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            streams.add(HyperplaneGenerator.rotating(perKey, 5_000 + k));
        }
        Example example = new Example(streams.get(0).dimension());
        String[] classNames = streams.get(0).classNames();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    if (!streams.get(k).next(example)) {
                        throw new IllegalStateException("stream " + k + " ended early");
                    }
                    byte[] value = ExampleProducer.json(example, key(k), classNames, buffer);
                    producer.send(new ProducerRecord<>(topic, key(k), value), (metadata, e) -> {
                        if (e != null) {
                            failures.incrementAndGet();
                        }
                    });
                    long wait = start + (long) (sent.incrementAndGet() / rate * 1e9) - System.nanoTime();
                    if (wait > 1_000_000) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " records could not be sent to " + topic);
        }
        return sent.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
