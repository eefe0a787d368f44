package io.erstream.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedBrokerIT {

    private static EmbeddedBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        broker = new EmbeddedBroker().start();
        System.out.printf("EmbeddedBroker started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void bootstrapServersIsALoopbackAddressThatAcceptsConnections() throws IOException {
        String[] hostPort = broker.bootstrapServers().split(":");
        assertEquals("127.0.0.1", hostPort[0]);
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            assertTrue(socket.isConnected());
        }
    }

    @Test
    void aStoppedBrokerStartsAgainOnItsPortWithItsTopicsAndRecords() throws Exception {
        try (EmbeddedBroker restarted = new EmbeddedBroker().start()) {
            String bootstrap = restarted.bootstrapServers();
            try (Admin own = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                own.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before the restart")).get();
            }

            restarted.stop();
            restarted.start();

            assertEquals(bootstrap, restarted.bootstrapServers());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    "auto.offset.reset", "earliest", "group.id", "after-restart"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertEquals(List.of("before the restart"), values);
            }
        }
    }

    @Test
    void aRecordProducedToANewTopicCanBeConsumed() throws Exception {
        createTopic("plain", 2);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("plain", "k", "hello")).get();
        }
        List<ConsumerRecord<String, String>> got = consume("plain", "read_uncommitted", 1);
        assertEquals("hello", got.get(0).value());
        assertEquals("k", got.get(0).key());
    }

    @Test
    void aCommittedTransactionIsVisibleToReadCommittedConsumers() throws Exception {
        createTopic("transactional", 1);
        try (KafkaProducer<String, String> producer = producer(Map.of("transactional.id", "it-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "one"));
            producer.send(new ProducerRecord<>("transactional", "k", "two"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> got = consume("transactional", "read_committed", 2);
        assertEquals(List.of("one", "two"), got.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void topicsAreNotAutoCreatedSoMisspeltNamesFailLoudly() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of("max.block.ms", "1500"))) {
            producer.send(new ProducerRecord<>("no-such-topic", "v")).get();
        } catch (Exception expected) {
            // the producer times out waiting for metadata of a topic that does not exist
        }
        assertFalse(admin.listTopics().names().get().contains("no-such-topic"));
    }

    @Test
    void closeStopsTheBrokerAndIsIdempotent() throws Exception {
        EmbeddedBroker second = new EmbeddedBroker().start();
        String[] hostPort = second.bootstrapServers().split(":");
        second.close();
        second.close();
        assertThrows(IllegalStateException.class, second::bootstrapServers);
        assertThrows(IOException.class, () -> new Socket(hostPort[0], Integer.parseInt(hostPort[1])).close());
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("bootstrap.servers", broker.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, String isolation, int count) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "group.id", "it-" + topic,
                "auto.offset.reset", "earliest",
                "isolation.level", isolation);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
