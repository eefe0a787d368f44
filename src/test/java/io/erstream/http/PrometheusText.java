package io.erstream.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A scrape in the Prometheus text format, parsed just enough for tests to ask about names, types and labels. */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(parse(line));
            }
        }
    }

    /** The declared type of a metric family ("counter", "gauge", "histogram"...), or null. */
    String type(String family) {
        return types.get(family);
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    }

    /** Every value the label takes on samples whose name starts with {@code prefix}. */
    Set<String> labelValues(String prefix, String label) {
        return samples.stream().filter(s -> s.name().startsWith(prefix))
                .map(s -> s.labels().get(label)).filter(v -> v != null)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    boolean hasFamilyStartingWith(String prefix) {
        return types.keySet().stream().anyMatch(f -> f.startsWith(prefix))
                || samples.stream().anyMatch(s -> s.name().startsWith(prefix));
    }

    private static Sample parse(String line) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
        }
        return new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity")
                .replace("-Inf", "-Infinity")));
    }
}
