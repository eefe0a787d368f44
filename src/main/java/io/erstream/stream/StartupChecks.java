package io.erstream.stream;

import io.erstream.drift.DriftPolicy;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.WarmStart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the configuration is checked against before anything runs: limits that would otherwise fail on the first
 * record of a certain kind ({@link #check}), and settings that work but cost something a user should know
 * ({@link #warnings}). Each message is one line that names the setting.
 */
public final class StartupChecks {

    private StartupChecks() {
    }

    /** Throws {@link IllegalArgumentException} naming the setting when the configuration cannot work. */
    public static void check(StreamConfig config, WarmStart warmStart, TopicCatalog topics) {
        checkModelSize(config, warmStart);
        checkDeadLetterSize(config, topics);
        checkDistinctInputs(config);
    }

    /** The processor tells a label from an example by its topic: one topic cannot be both. */
    static void checkDistinctInputs(StreamConfig config) {
        if (config.delayedLabels() && config.labelsTopic().equals(config.examplesTopic())) {
            throw new IllegalArgumentException(StreamConfig.TOPIC_LABELS + "=" + config.labelsTopic() + " is also "
                    + StreamConfig.TOPIC_EXAMPLES + ": labels need a topic of their own");
        }
    }

    /**
     * A model of {@code erstream.max.features} features must be storable: its snapshot (a (d+1)² matrix per
     * learner) must fit {@link StreamConfig#MAX_MODEL_BYTES}, or every key with that many features would fail.
     */
    static void checkModelSize(StreamConfig config, WarmStart warmStart) {
        long bytes = snapshotBytes(config, warmStart, config.maxFeatures());
        if (bytes > StreamConfig.MAX_SNAPSHOT_BYTES) {
            int fits = config.maxFeatures();
            while (fits > 1 && snapshotBytes(config, warmStart, fits) > StreamConfig.MAX_SNAPSHOT_BYTES) {
                fits = fits * 9 / 10;
            }
            throw new IllegalArgumentException(StreamConfig.MAX_FEATURES + "=" + config.maxFeatures()
                    + ": a model of that many features can reach a " + bytes + "-byte snapshot, more than the "
                    + "model size limit of " + StreamConfig.MAX_SNAPSHOT_BYTES + " bytes; at most about " + fits
                    + " fit");
        }
    }

    /**
     * The largest snapshot {@code model} can grow to, given its encoded size now: under warn-then-swap a model
     * carries a second learner of the same shape while its detector warns.
     */
    static long largestSnapshot(StreamConfig config, KeyedModel model, int encodedBytes) {
        if (model.drift() == null || config.driftPolicy() != DriftPolicy.WARN_THEN_SWAP) {
            return encodedBytes;
        }
        return encodedBytes + 4L + ModelCodec.encodedSize(model.learner());
    }

    /**
     * The snapshot size of a positional model of {@code d} features as configured. The size is a polynomial of
     * degree 2 in d (fixed fields, per-feature vectors, (d+1)² matrices), so it is found exactly from three small
     * models instead of building a large one.
     */
    static long snapshotBytes(StreamConfig config, WarmStart warmStart, int d) {
        if (warmStart != null) {
            return encodedBytes(config, warmStart, warmStart.dimension()); // the learner reads the hidden layer
        }
        long s1 = encodedBytes(config, null, 1);
        long s2 = encodedBytes(config, null, 2);
        long s3 = encodedBytes(config, null, 3);
        long second = s3 - 2 * s2 + s1; // 2a
        long first = s2 - s1 - second / 2 * 3; // b, from s(2) − s(1) = 3a + b
        long constant = s1 - second / 2 - first;
        return second / 2 * d * (long) d + first * d + constant;
    }

    private static long encodedBytes(StreamConfig config, WarmStart warmStart, int d) {
        KeyedModel model = new NewModels(config, warmStart).create("k", FeatureLayout.positional(d),
                ModelStore.INTERVAL_ROUNDING);
        return largestSnapshot(config, model, KeyedModelCodec.encode(model).length);
    }

    /** The largest dead letter must fit the dead-letter topic's declared {@code max.message.bytes}. */
    static void checkDeadLetterSize(StreamConfig config, TopicCatalog topics) {
        long largest = DeadLetterWriter.maxSize(config.maxKeyBytes(), config.deadLetterValueBytes(),
                Math.max(config.examplesTopic().length(), config.labelsTopic().length()));
        long limit = topics.find(TopicCatalog.DEAD_LETTERS)
                .map(t -> Long.parseLong(t.configs().getOrDefault("max.message.bytes", "1048588")))
                .orElse(1_048_588L);
        if (largest > limit) {
            throw new IllegalArgumentException(StreamConfig.DEAD_LETTER_VALUE_BYTES + "="
                    + config.deadLetterValueBytes() + " with " + StreamConfig.MAX_KEY_BYTES + "="
                    + config.maxKeyBytes() + ": a dead letter can reach " + largest + " bytes, more than the "
                    + "dead-letter topic's max.message.bytes of " + limit);
        }
    }

    /**
     * The examples and labels topics must exist with the same partition count: a label meets its example only in
     * the task of their common partition (both are keyed by the model key). Kafka Streams checks this for joins
     * only; here a difference would silently leave labels unmatched. Reads the counts from the cluster.
     */
    public static void checkCoPartitioned(StreamConfig config, Admin admin, Duration timeout)
            throws InterruptedException {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(inputTopics(config))
                .topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                partitions.put(topic.getKey(), topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + topic.getKey() + ": " + e.getCause(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot describe topic " + topic.getKey() + " within " + timeout, e);
            }
        }
        checkCoPartitioned(config, partitions);
    }

    /** As above, from the partition counts of the topics that exist. */
    static void checkCoPartitioned(StreamConfig config, Map<String, Integer> partitions) {
        String examples = config.examplesTopic();
        String labels = config.labelsTopic();
        for (String topic : inputTopics(config)) {
            if (!partitions.containsKey(topic)) {
                boolean isExamples = topic.equals(examples);
                String partner = !config.delayedLabels() ? "" : " with as many partitions as "
                        + (isExamples ? labels : examples);
                throw new IllegalArgumentException("input topic " + topic + " (" + (isExamples
                        ? StreamConfig.TOPIC_EXAMPLES : StreamConfig.TOPIC_LABELS) + ") does not exist; create it "
                        + "(`erstream topics --apply`)" + partner);
            }
        }
        if (!config.delayedLabels()) {
            return; // one input topic: nothing to be co-partitioned with
        }
        if (!partitions.get(examples).equals(partitions.get(labels))) {
            throw new IllegalArgumentException("the examples topic " + examples + " has " + partitions.get(examples)
                    + " partitions and the labels topic " + labels + " has " + partitions.get(labels) + ": they must "
                    + "have the same count (a label meets its example in the task of their common partition); set "
                    + StreamConfig.TOPIC_LABELS + " to a topic of " + partitions.get(examples) + " partitions");
        }
    }

    private static List<String> inputTopics(StreamConfig config) {
        return config.delayedLabels() ? List.of(config.examplesTopic(), config.labelsTopic())
                : List.of(config.examplesTopic());
    }

    /** Settings that work but cost something, one line each. */
    public static List<String> warnings(StreamConfig config) {
        List<String> warnings = new ArrayList<>();
        if (!config.exactlyOnce()) {
            warnings.add(StreamConfig.PROCESSING_GUARANTEE + "=" + config.processingGuarantee() + ": after a crash "
                    + "the records since the last commit are learnt again, so models are no longer exactly those "
                    + "of an uninterrupted run (a model whose journal was stored in part is loaded up to the gap); "
                    + StreamsConfig.EXACTLY_ONCE_V2 + " is exact");
        }
        String stateDir = config.passThrough().getOrDefault(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString());
        if (Path.of(stateDir).toAbsolutePath().normalize().startsWith("/tmp")) {
            warnings.add(StreamsConfig.STATE_DIR_CONFIG + "=" + stateDir + " is under /tmp, which the system may "
                    + "clear: the stores would then be restored from their changelogs in full; set "
                    + StreamsConfig.STATE_DIR_CONFIG + " to a lasting directory");
        }
        return warnings;
    }
}
