package io.erstream.cli;

import io.erstream.eval.AgrawalEvents;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code demo}'s event stream: Agrawal events (string categories, a boolean, 10% of fields absent) sent without
 * their labels to the examples topic, and each label a random {@value #MIN_DELAY_MS}–{@value #MAX_DELAY_MS} ms later to the
 * labels topic, the way a click or a payment outcome follows its event. Labels go out when they fall due, so not
 * always in their events' order.
 */
final class DelayedLabelFeed {

    static final int MIN_DELAY_MS = 1_000;
    static final int MAX_DELAY_MS = 5_000;

    private final Properties client;
    private final String examplesTopic;
    private final String labelsTopic;

    DelayedLabelFeed(Properties client, String examplesTopic, String labelsTopic) {
        this.client = client;
        this.examplesTopic = examplesTopic;
        this.labelsTopic = labelsTopic;
    }

    /** One label waiting to be sent. */
    private record Due(long nanos, byte[] value) {
    }

    /** Sends {@code count} events under model key {@code key} at {@code rate} per second; returns events sent. */
    long send(String key, long count, double rate) {
        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        AtomicReference<Exception> failure = new AtomicReference<>();
        AgrawalEvents events = new AgrawalEvents(count, 11, 8, 0.1).withBooleans();
        Random delays = new Random(13);
        PriorityQueue<Due> labels = new PriorityQueue<>(Comparator.comparingLong(Due::nanos));
        long sent = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            while (!Thread.currentThread().isInterrupted() && events.next()) {
                rethrow(failure);
                producer.send(new ProducerRecord<>(examplesTopic, key, events.unlabelled()),
                        (m, e) -> remember(failure, e));
                long now = System.nanoTime();
                labels.add(new Due(now + TimeUnit.MILLISECONDS.toNanos(MIN_DELAY_MS
                        + delays.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1)), events.label()));
                sent++;
                sendDue(producer, key, labels, failure, now);
                long wait = start + (long) (sent / rate * 1e9) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            while (!labels.isEmpty() && !Thread.currentThread().isInterrupted()) { // the last labels still come
                TimeUnit.NANOSECONDS.sleep(Math.max(0, labels.peek().nanos() - System.nanoTime()));
                sendDue(producer, key, labels, failure, System.nanoTime());
            }
            rethrow(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the demo stops: close() sends what is buffered
        }
        return sent;
    }

    private void sendDue(KafkaProducer<String, byte[]> producer, String key, PriorityQueue<Due> labels,
                         AtomicReference<Exception> failure, long now) {
        while (!labels.isEmpty() && labels.peek().nanos() <= now) {
            producer.send(new ProducerRecord<>(labelsTopic, key, labels.poll().value()),
                    (m, e) -> remember(failure, e));
        }
    }

    private static void remember(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    private static void rethrow(AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("sending events failed: " + failure.get(), failure.get());
        }
    }
}
