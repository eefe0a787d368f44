package io.erstream.stream;

import java.util.Objects;

/**
 * One way a cluster differs from the declared topics.
 *
 * @param subject  what differs: {@code "topic"}, {@code "partitions"}, {@code "replicationFactor"}
 *                 or the config key
 * @param declared the declared value
 * @param actual   the cluster's value, or {@code null} when the cluster has none
 */
public record TopicDifference(String topic, Kind kind, String subject, String declared, String actual) {

    /** The kinds of difference, and whether {@link TopicReconciler#apply()} resolves them. */
    public enum Kind {
        /** The topic does not exist: apply creates it. */
        MISSING(true),
        /** Another partition count: never changed automatically, it would move keys between partitions. */
        PARTITIONS(false),
        /** Another replication factor: needs a partition reassignment, an operator's decision. */
        REPLICATION_FACTOR(false),
        /** A declared config has another value: apply sets it. */
        CONFIG(true);

        private final boolean fixedByApply;

        Kind(boolean fixedByApply) {
            this.fixedByApply = fixedByApply;
        }

        public boolean fixedByApply() {
            return fixedByApply;
        }
    }

    public TopicDifference {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
    }

    static TopicDifference missing(TopicSpec spec) {
        return new TopicDifference(spec.name(), Kind.MISSING, "topic",
                spec.partitions() + " partitions, replication factor " + spec.replicationFactor(), null);
    }

    /** Whether {@code other} is the same difference, whatever the values (e.g. before and after apply). */
    public boolean sameSubject(TopicDifference other) {
        return topic.equals(other.topic) && kind == other.kind && subject.equals(other.subject);
    }

    /** One line for people, saying what differs and what to do about it. */
    public String describe() {
        return switch (kind) {
            case MISSING -> "missing (declared " + declared + "); --apply creates it";
            case PARTITIONS -> "partitions: declared " + declared + ", actual " + actual
                    + "; not changed automatically (repartitioning moves keys and breaks per-key state)";
            case REPLICATION_FACTOR -> "replication factor: declared " + declared + ", actual " + actual
                    + "; not changed automatically (needs a partition reassignment)";
            case CONFIG -> "config " + subject + ": declared " + declared + ", actual "
                    + (actual == null ? "(unset)" : actual) + "; --apply sets it";
        };
    }
}
