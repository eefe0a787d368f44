package io.erstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the predictions topic as a downstream user would (read_committed) and keeps, per model, the count and
 * the accuracy over its last {@value #WINDOW} labelled predictions (a delayed label's output scores the prediction
 * made at event time, and shows how late its label came): the demo's progress line. The outputs of examples and
 * of delayed labels are counted apart.
 */
final class PredictionWatch implements AutoCloseable {

    static final int WINDOW = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Rolling> models = new TreeMap<>();
    private long predictions;
    private long labels;

    PredictionWatch(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "erstream-demo-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    void poll(Duration timeout) throws IOException {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            JsonNode p = JSON.readTree(record.value());
            JsonNode delay = p.get("labelDelayMs");
            if (delay == null) {
                predictions++;
            } else {
                labels++;
            }
            JsonNode label = p.get("label");
            if (label == null || label.isNull()) {
                continue;
            }
            boolean correct = label.asText().equals(p.path("prediction").asText());
            models.computeIfAbsent(p.path("model").asText(), k -> new Rolling()).add(correct, p.path("modelVersion")
                    .asLong(), delay == null ? -1 : delay.asLong());
        }
    }

    /** Predictions of examples (the outputs of delayed labels apart). */
    long predictions() {
        return predictions;
    }

    /** Outputs of delayed labels. */
    long labels() {
        return labels;
    }

    String progressLine() {
        StringBuilder line = new StringBuilder("predictions=" + predictions);
        if (labels > 0) {
            line.append(" labels=").append(labels);
        }
        models.forEach((model, r) -> line.append(String.format(Locale.ROOT, "  %s: accuracy(last %d)=%.3f v%d%s",
                model, WINDOW, r.accuracy(), r.version, r.delayMs < 0 ? ""
                        : String.format(Locale.ROOT, " (label %.1f s late)", r.delayMs / 1000.0))));
        return line.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static final class Rolling {
        private final boolean[] ring = new boolean[WINDOW];
        private int size;
        private int next;
        private int correct;
        private long version;
        private long delayMs = -1; // of the last delayed label, or −1

        void add(boolean ok, long modelVersion, long labelDelayMs) {
            delayMs = labelDelayMs;
            if (size == WINDOW && ring[next]) {
                correct--;
            }
            ring[next] = ok;
            if (ok) {
                correct++;
            }
            next = (next + 1) % WINDOW;
            size = Math.min(size + 1, WINDOW);
            version = modelVersion;
        }

        double accuracy() {
            return size == 0 ? Double.NaN : correct / (double) size;
        }
    }
}
