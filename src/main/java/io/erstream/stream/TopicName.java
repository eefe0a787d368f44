package io.erstream.stream;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Whether a text can name a Kafka topic: 1–249 ASCII letters, digits, {@code .}, {@code _} and {@code -}, and
 * neither {@code .} nor {@code ..}. The rule is Kafka's own ({@link Topic#validate}, the check the broker makes of a
 * name; it may still refuse one that collides with an existing topic's); checked where a name enters
 * erstream (a setting, the topic catalog) so that a bad one is an error naming where it came from, before any
 * client starts, rather than a failure deep inside a client after it has.
 */
public final class TopicName {

    /** The longest legal name (Kafka's limit; {@code TopicSettingsTest} holds Kafka to it). */
    public static final int MAX_LENGTH = 249;

    private TopicName() {
    }

    /**
     * {@code name}, if it can name a topic; else an {@link IllegalArgumentException} that says where the name came
     * from ({@code where}: a setting, an option), the name and Kafka's reason.
     */
    public static String require(String where, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(where + ": '" + name + "' cannot name a topic: " + problem);
        }
        return name;
    }

    /** Why {@code name} cannot name a topic, or null if it can. */
    public static String problem(String name) {
        try {
            Topic.validate(name);
            return null;
        } catch (InvalidTopicException e) {
            return e.getMessage();
        }
    }
}
