package io.erstream.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of one output topic for {@code bench}: counts records, notes when the first and the
 * last arrived, and optionally records each record's latency (receive time − record timestamp, which the
 * topologies copy from the input record). Reads by assignment from the beginning, so it can be created before the
 * application starts and miss nothing.
 */
final class OutputWatch implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private long count;
    private long firstNanos;
    private long lastNanos;
    private long countAtFirst;
    private long[] latencies = new long[0];
    private long[] produced = new long[0]; // each recorded latency's record timestamp
    private int latencyCount;

    OutputWatch(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // A read_committed long poll is not woken by a commit marker: with the default 500 ms the watcher, not
        // the application, would dominate the measured latency.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Keeps latencies of up to {@code capacity} records from now on. */
    OutputWatch recordLatencies(int capacity) {
        latencies = new long[capacity];
        produced = new long[capacity];
        return this;
    }

    /** Polls until {@code target} records arrived; throws after {@code timeout}; runs {@code check} in between. */
    void awaitCount(long target, Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count < target) {
            check.run();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " of " + target + " outputs within " + timeout);
            }
            poll(Duration.ofMillis(100));
        }
    }

    void poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        if (count == 0) {
            firstNanos = now;
            countAtFirst = records.count();
        }
        lastNanos = now;
        count += records.count();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (latencyCount < latencies.length) {
                produced[latencyCount] = record.timestamp();
                latencies[latencyCount++] = wallNow - record.timestamp();
            }
        }
    }

    long count() {
        return count;
    }

    /** When the first batch arrived (System.nanoTime). */
    long firstNanos() {
        return firstNanos;
    }

    /** When the last batch arrived (System.nanoTime). */
    long lastNanos() {
        return lastNanos;
    }

    /** Records in the first batch (excluded from the steady-state rate, which starts when it arrived). */
    long countAtFirst() {
        return countAtFirst;
    }

    /** Latencies recorded so far, sorted, in milliseconds. */
    long[] sortedLatencies() {
        long[] out = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(out);
        return out;
    }

    /**
     * The largest latency of the records produced in each {@code windowMs} since the first one, in milliseconds:
     * whether a tail is spread over the run or comes from a few moments (a start, a pause).
     */
    long[] worstByWindow(long windowMs) {
        if (latencyCount == 0) {
            return new long[0];
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < latencyCount; i++) {
            first = Math.min(first, produced[i]);
            last = Math.max(last, produced[i]);
        }
        long[] worst = new long[(int) ((last - first) / windowMs) + 1];
        for (int i = 0; i < latencyCount; i++) {
            int w = (int) ((produced[i] - first) / windowMs);
            worst[w] = Math.max(worst[w], latencies[i]);
        }
        return worst;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
