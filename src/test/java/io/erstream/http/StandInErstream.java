package io.erstream.http;

import io.erstream.stream.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Something shaped like a running erstream, available before the real {@code demo} command exists:
 * an in-process broker, a Kafka Streams application (pass-through plus a counting store, so state and
 * changelog metrics exist), {@link ErstreamMetrics} fed with realistic values by a background loop,
 * and a {@link MetricsServer} serving all of it. Each key of the stream is a model.
 */
final class StandInErstream implements AutoCloseable {

    private static final String INPUT = "standin.examples";
    private static final String OUTPUT = "standin.predictions";
    private static final List<String> MODELS = List.of("sea-0", "sea-1", "sea-2", "sea-3");

    private final EmbeddedBroker broker;
    private final KafkaStreams streams;
    private final MetricsServer server;
    private final Thread feeder;
    private final Path stateDir;
    private volatile boolean running = true;

    private StandInErstream() throws Exception {
        broker = new EmbeddedBroker().start();
        createTopics(broker.bootstrapServers());
        stateDir = Files.createTempDirectory("erstream-standin-state-");
        streams = new KafkaStreams(topology(), streamsConfig(broker.bootstrapServers(), stateDir));
        server = MetricsServer.start(0);
        System.gc(); // a long-running erstream has collected garbage; the GC pause meters exist from then on
        server.bindKafkaStreams(streams);
        streams.start();
        ErstreamMetrics metrics = ErstreamMetrics.create(server.registry());
        metrics.liveModels(MODELS::size);
        feeder = new Thread(() -> feed(metrics, broker.bootstrapServers()), "standin-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** Starts everything; {@code /metrics} answers when this returns. */
    static StandInErstream start() throws Exception {
        return new StandInErstream();
    }

    /** Where Prometheus scrapes. */
    URI metricsUri() {
        return server.localUri().resolve("/metrics");
    }

    @Override
    public void close() throws Exception {
        running = false;
        feeder.join(10_000);
        server.close();
        streams.close(java.time.Duration.ofSeconds(10));
        streams.cleanUp();
        broker.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static org.apache.kafka.streams.Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> examples = builder.stream(INPUT);
        examples.to(OUTPUT);
        examples.groupByKey().count(Materialized.as("standin-counts"));
        return builder.build();
    }

    private static Properties streamsConfig(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "erstream-standin");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 2, (short) 1), new NewTopic(OUTPUT, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** About 500 records a second with a prediction, an update and a quality report each; rare drift and dead letters. */
    private void feed(ErstreamMetrics metrics, String bootstrap) {
        Random random = new Random(42);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            long n = 0;
            while (running) {
                String model = MODELS.get(random.nextInt(MODELS.size()));
                producer.send(new ProducerRecord<>(INPUT, model, "{\"x\":[" + random.nextDouble() + "],\"y\":1}"));
                metrics.example(model);
                metrics.prediction(model, 20_000 + random.nextInt(60_000));
                metrics.update(model, 100_000 + random.nextInt(900_000), random.nextInt(500) == 0);
                metrics.modelQuality(model, 0.8 + 0.1 * random.nextDouble(), 0.3 + 0.1 * random.nextDouble());
                if (++n % 250 == 0) {
                    metrics.deadLetter(random.nextBoolean() ? "parse" : "schema");
                }
                if (n % 400 == 0) {
                    metrics.drift(model, "adwin");
                }
                sleepQuietly(2);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
