package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed to one predictions topic (or any output whose records name their input, such as the dead
 * letters), as a read_committed consumer sees it: how many records, and how many times each input record
 * {@code (sourcePartition, sourceOffset)} was answered. Reads by assignment (no group), from the beginning, so it
 * keeps counting across kills and restarts of the application.
 */
final class PredictionLedger implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final BiConsumer<ConsumerRecord<byte[], byte[]>, JsonNode> inspector;
    private final Map<Long, Integer> answers = new HashMap<>();
    private final Map<Integer, Long> highest = new HashMap<>();
    private long predictions;

    PredictionLedger(String bootstrap, String topic) {
        this(bootstrap, topic, (record, json) -> { });
    }

    /** As above; {@code inspector} sees each committed record and its JSON as it is read, to check its content. */
    PredictionLedger(String bootstrap, String topic, BiConsumer<ConsumerRecord<byte[], byte[]>, JsonNode> inspector) {
        this.inspector = inspector;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until at least {@code count} committed predictions were seen; fails after {@code timeout}. */
    long awaitAtLeast(long count, Duration timeout, Supplier<String> diagnosis) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (predictions < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("saw " + predictions + " of " + count + " committed predictions within "
                        + timeout + "\n" + diagnosis.get());
            }
            poll();
        }
        return predictions;
    }

    /**
     * Polls until, in every input partition of {@code offsets}, an input record at or after the given offset has
     * been answered (committed): e.g. every record produced before a failover, once it is over. Fails after
     * {@code timeout}.
     */
    void awaitAnsweredFrom(Map<Integer, Long> offsets, Duration timeout, Supplier<String> diagnosis)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (offsets.entrySet().stream().anyMatch(e -> highest.getOrDefault(e.getKey(), -1L) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("input partitions not answered from " + offsets + " within " + timeout
                        + ": highest answered " + highest + "\n" + diagnosis.get());
            }
            poll();
        }
    }

    /** Reads up to the last stable offset of every partition: afterwards nothing committed is left unseen. */
    void drainToEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the LSO
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read the predictions up to " + end + " within " + timeout);
            }
            poll();
        }
    }

    private void poll() throws IOException {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            JsonNode prediction = JSON.readTree(record.value());
            inspector.accept(record, prediction);
            long source = source(prediction.get("sourcePartition").asInt(), prediction.get("sourceOffset").asLong());
            answers.merge(source, 1, Integer::sum);
            highest.merge(prediction.get("sourcePartition").asInt(), prediction.get("sourceOffset").asLong(),
                    Math::max);
            predictions++;
        }
    }

    /**
     * Asserts that every record of {@code inputTopic} (all {@code n} of them, up to its end offsets) was answered
     * exactly once and nothing else was: call after {@link #drainToEnd}.
     */
    void assertEachInputAnsweredOnce(Admin admin, String inputTopic, long n) throws Exception {
        assertEquals(n, predictions, "committed predictions");
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        int count = admin.describeTopics(List.of(inputTopic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(inputTopic).partitions().size();
        for (int p = 0; p < count; p++) {
            request.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
        }
        Map<Long, Integer> expected = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
            for (long offset = 0; offset < info.offset(); offset++) {
                expected.put(source(tp.partition(), offset), 1);
            }
        });
        assertEquals(n, expected.size(), "input records");
        assertEquals(expected, answers, "answers per input (partition, offset)");
    }

    static long source(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    long predictions() {
        return predictions;
    }

    /** How many times each input record was answered, keyed by {@link #source}. */
    Map<Long, Integer> answers() {
        return answers;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
