package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code erstream produce} writes the examples topic's format, keyed by model, from a stream or a CSV file. */
class ProduceCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedBroker().start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("produce-stream", 1, (short) 1),
                    new NewTopic("produce-csv", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aBuiltInStreamArrivesAsExampleJsonUnderTheModelKey() throws Exception {
        CommandRunner.Result r = CommandRunner.run("produce", "--stream", "sea", "--n", "300", "--key", "sensor-1",
                "--topic", "produce-stream", "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(300, JSON.readTree(r.lastLine()).get("produced").asLong());
        List<ConsumerRecord<String, String>> records = read("produce-stream", 300);
        assertEquals("sensor-1", records.get(0).key());
        JsonNode first = JSON.readTree(records.get(0).value());
        assertEquals(3, first.get("features").size());
        assertTrue(first.get("label").isInt() && first.has("id") && first.has("timestamp"), first.toString());
    }

    @Test
    void csvStringLabelsAreSentAsStrings() throws Exception {
        Path csv = dir.resolve("mail.csv");
        Files.writeString(csv, "words,links,label\n12,0,ham\n40,7,spam\n");
        CommandRunner.Result r = CommandRunner.run("produce", "--data", csv.toString(), "--topic", "produce-csv",
                "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, r.exitCode(), r.err());
        List<ConsumerRecord<String, String>> records = read("produce-csv", 2);
        assertEquals("spam", JSON.readTree(records.get(1).value()).get("label").asText());
    }

    @Test
    void aBadCsvFailsNamingItsLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,label\n1,0\nx,1\n");
        CommandRunner.Result r = CommandRunner.run("produce", "--data", csv.toString(), "--topic", "produce-csv",
                "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.csv line 3"), r.err());
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int expected) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", topic + "-reader",
                "auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(expected, records.size(), "records in " + topic);
        return records;
    }
}
