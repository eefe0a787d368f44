package io.erstream.stream;

import io.erstream.eval.Example;
import io.erstream.eval.ExampleStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays an {@link ExampleStream} into the examples topic as the JSON values users send
 * ({@code {"id", "features": [...], "label", "timestamp"}}), at a given rate. Used by {@code produce} and by
 * {@code demo}'s built-in stream, so both speak exactly the topic's format.
 */
public final class ExampleProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** @param clientProperties bootstrap servers and any client settings (TLS/SASL pass through) */
    public ExampleProducer(Properties clientProperties, String topic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /**
     * Sends every example of {@code stream} under model key {@code key}.
     *
     * @param rate records per second, or 0 for as fast as possible
     * @param progress called with the count sent so far, about once per second
     * @return the number of records sent
     */
    public long send(ExampleStream stream, String key, double rate, LongConsumer progress) {
        Example example = new Example(stream.dimension());
        String[] classNames = stream.classNames();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        long sent = 0;
        long start = System.nanoTime();
        long lastReport = start;
        while (!Thread.currentThread().isInterrupted() && stream.next(example)) {
            rethrowFailure();
            byte[] value = json(example, key, classNames, buffer);
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            sent++;
            long now = System.nanoTime();
            if (rate > 0) {
                pace(start, sent, rate);
            }
            if (progress != null && now - lastReport > TimeUnit.SECONDS.toNanos(1)) {
                progress.accept(sent);
                lastReport = now;
            }
        }
        if (!Thread.currentThread().isInterrupted()) {
            producer.flush(); // when interrupted (a stopping demo), close() sends what is buffered
        }
        rethrowFailure();
        return sent;
    }

    /**
     * The value for one example, as {@code produce} sends it; a class label is its name, as a JSON number when it
     * is an integer. Public for tests that send such values under keys a String cannot hold.
     */
    public static byte[] json(Example example, String key, String[] classNames, ByteArrayOutputStream buffer) {
        buffer.reset();
        StringBuilder s = new StringBuilder(32 + 24 * example.x.length);
        s.append("{\"id\":\"").append(escape(key)).append('-').append(example.index).append("\",\"features\":[");
        for (int j = 0; j < example.x.length; j++) {
            if (j > 0) {
                s.append(',');
            }
            s.append(example.x[j]);
        }
        s.append("],\"label\":");
        if (classNames == null) {
            s.append(example.target);
        } else {
            String name = classNames[example.label];
            s.append(isInteger(name) ? name : '"' + escape(name) + '"');
        }
        s.append(",\"timestamp\":").append(System.currentTimeMillis()).append('}');
        try {
            buffer.write(s.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Waits until record {@code sent} is due; an interrupt ends the wait and (via the loop) the sending. */
    private static void pace(long start, long sent, double rate) {
        long due = start + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    /** Flushes and closes; an interrupted caller (a stopping demo) still closes cleanly, then stays interrupted. */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            producer.close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
