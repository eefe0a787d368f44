package io.erstream.stream;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One declared topic: what {@link TopicReconciler} creates and compares against a cluster.
 *
 * @param configs topic-level configs; only these keys are compared with the cluster
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(name + ": replicationFactor must be >= 1, was " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    /** The same topic with another replication factor (e.g. 3 on a production cluster). */
    public TopicSpec withReplicationFactor(short factor) {
        return new TopicSpec(name, partitions, factor, configs);
    }

    /** The same topic under another name (per-application output topics in tests and benchmarks). */
    public TopicSpec withName(String other) {
        return new TopicSpec(other, partitions, replicationFactor, configs);
    }

    /** The configs sorted by key, for stable output. */
    public Map<String, String> sortedConfigs() {
        return new TreeMap<>(configs);
    }
}
