package io.erstream.cli;

import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicDifference;
import io.erstream.stream.TopicSpec;

import java.io.PrintWriter;
import java.util.List;

/** Prints the declared topics with their status, then the differences one per line. */
final class TopicTable {

    private static final String ROW = "%-24s %10s %3s  %s%n";

    private final PrintWriter out;

    TopicTable(PrintWriter out) {
        this.out = out;
    }

    void print(TopicCatalog catalog, List<TopicDifference> fixed, List<TopicDifference> remaining) {
        out.printf(ROW, "TOPIC", "PARTITIONS", "RF", "STATUS");
        for (TopicSpec topic : catalog.topics()) {
            out.printf(ROW, topic.name(), topic.partitions(), topic.replicationFactor(),
                    status(topic.name(), fixed, remaining));
        }
        if (remaining.isEmpty()) {
            out.println("In sync: " + catalog.topics().size() + " topics.");
        } else {
            out.println(remaining.size() + " difference(s):");
            remaining.forEach(d -> out.println("  " + d.topic() + ": " + d.describe()));
        }
        out.flush();
    }

    private static String status(String topic, List<TopicDifference> fixed, List<TopicDifference> remaining) {
        if (remaining.stream().anyMatch(d -> d.topic().equals(topic) && d.kind() == TopicDifference.Kind.MISSING)) {
            return "missing";
        }
        if (remaining.stream().anyMatch(d -> d.topic().equals(topic))) {
            return "differs";
        }
        if (fixed.stream().anyMatch(d -> d.topic().equals(topic) && d.kind() == TopicDifference.Kind.MISSING)) {
            return "created";
        }
        if (fixed.stream().anyMatch(d -> d.topic().equals(topic))) {
            return "updated";
        }
        return "ok";
    }
}
