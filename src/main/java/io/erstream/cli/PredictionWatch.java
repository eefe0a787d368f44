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
 * the accuracy over its last {@value #WINDOW} labelled predictions: the demo's progress line.
 */
final class PredictionWatch implements AutoCloseable {

    static final int WINDOW = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Rolling> models = new TreeMap<>();
    private long predictions;

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
            predictions++;
            JsonNode p = JSON.readTree(record.value());
            JsonNode label = p.get("label");
            if (label == null || label.isNull()) {
                continue;
            }
            boolean correct = label.asText().equals(p.path("prediction").asText());
            models.computeIfAbsent(p.path("model").asText(), k -> new Rolling()).add(correct, p.path("modelVersion")
                    .asLong());
        }
    }

    long predictions() {
        return predictions;
    }

    String progressLine() {
        StringBuilder line = new StringBuilder("predictions=" + predictions);
        models.forEach((model, r) -> line.append(String.format(Locale.ROOT, "  %s: accuracy(last %d)=%.3f v%d",
                model, WINDOW, r.accuracy(), r.version)));
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

        void add(boolean ok, long modelVersion) {
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
