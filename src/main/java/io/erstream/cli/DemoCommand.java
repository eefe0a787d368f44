package io.erstream.cli;

import io.erstream.eval.ExampleStream;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.eval.SeaGenerator;
import io.erstream.stream.EmbeddedBroker;
import io.erstream.stream.ExampleProducer;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicReconciler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code erstream demo}: everything on one machine with nothing installed but Java — an in-process KRaft
 * broker, the declared topics, the real application, built-in streams (two drifting ones of labelled examples,
 * one of event records whose labels come seconds later through the labels topic), and the HTTP API.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run erstream end to end with an in-process Kafka broker (no Docker, no cluster).",
            "Three models learn: 'sea' (SEA concepts, abrupt drifts), 'hyperplane' (a rotating hyperplane) and",
            "'events' (event records with string and absent fields, labelled 1-5 s later through erstream.labels).",
            "With --examples N it exits 0 once all N are processed; without, it runs until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    private static final int STREAMS = 3;
    /** SEA examples per repetition of the unbounded stream: a drift every quarter. */
    private static final long SEA_CYCLE = 40_000;

    @Option(names = "--examples", description = "stop after this many examples (default: run until Ctrl-C)")
    Long examples;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--rate", defaultValue = "2000", description = "examples per second (default ${DEFAULT-VALUE})")
    double rate;

    @Override
    public Integer call() throws Exception {
        // The demo's state lives in a temporary directory on purpose: say so once here, not on every start.
        System.setProperty("erstream.log.state-directory.level", "error"); // read by erstream-logback-levels.xml
        if (examples != null && examples < 2) {
            throw new IllegalArgumentException("--examples must be at least 2, got " + examples);
        }
        Path stateDir = Files.createTempDirectory("erstream-demo-state");
        ExecutorService producers = Executors.newFixedThreadPool(STREAMS, r -> daemon(r, "erstream-demo-producer"));
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> stopAndWait(main), "erstream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedBroker broker = new EmbeddedBroker().start().closedByOwnerOnShutdown()) {
            System.err.println("broker: " + broker.bootstrapServers());
            applyTopics(broker.bootstrapServers());
            StreamConfig config = StreamConfig.fromProperties(demoProperties(broker, stateDir));
            try (StreamApplication app = new StreamApplication(config).start(Duration.ofMinutes(2));
                 PredictionWatch watch = new PredictionWatch(broker.bootstrapServers(), config.predictionsTopic())) {
                System.err.println("erstream running; open " + app.localUri().resolve("/")
                        + " for the live page, or try " + app.localUri().resolve("/models"));
                Future<Long> sea = producers.submit(() -> produce(broker, "sea", share(0)));
                Future<Long> hyperplane = producers.submit(() -> produce(broker, "hyperplane", share(1)));
                Future<Long> events = producers.submit(() -> new DelayedLabelFeed(client(broker),
                        config.examplesTopic(), config.labelsTopic()).send("events", share(2), rate / STREAMS));
                long target = examples == null ? Long.MAX_VALUE : examples;
                long nextLine = System.nanoTime();
                while (watch.predictions() < target && !stopping) {
                    watch.poll(Duration.ofMillis(200));
                    if (System.nanoTime() >= nextLine || watch.predictions() >= target) {
                        System.err.println(watch.progressLine());
                        nextLine = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    }
                    failIfDone(sea);
                    failIfDone(hyperplane);
                    failIfDone(events);
                }
                stopProducers(producers); // stop feeding before the application and the broker close
                System.out.println(new Json().put("examples", watch.predictions()).put("labels", watch.labels())
                        .put("models", app.views().all().size()).put("httpPort", app.httpPort()));
            } finally {
                // on every path, an interrupt included: a producer still sending when the broker stops would retry
                // it for ever and keep its threads alive
                stopProducers(producers);
            }
        } finally {
            producers.shutdownNow();
            deleteRecursively(stateDir);
            finished.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private volatile boolean stopping;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    /**
     * Ctrl-C: let the main loop end and close everything in order — the application, then the broker, then the
     * temporary state — instead of the broker disappearing under its clients.
     */
    private void stopAndWait(Thread main) {
        stopping = true;
        try {
            finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook itself is waiting for us: nothing to remove
        }
    }

    private Properties demoProperties(EmbeddedBroker broker, Path stateDir) {
        Properties p = new Properties();
        p.setProperty(StreamConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        p.setProperty(StreamConfig.APPLICATION_ID, "erstream-demo");
        p.setProperty(StreamConfig.HTTP_PORT, Integer.toString(httpPort));
        p.setProperty(StreamConfig.METRICS_INTERVAL_MS, "2000");
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("num.stream.threads", "2");
        return p;
    }

    private static void applyTopics(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            new TopicReconciler(admin, TopicCatalog.bundled(), Duration.ofSeconds(30)).apply();
        }
    }

    /** Examples for stream {@code index} of three: a third of --examples each, or unbounded. */
    private long share(int index) {
        if (examples == null) {
            return Long.MAX_VALUE;
        }
        return examples / STREAMS + (index == 0 ? examples % STREAMS : 0);
    }

    private static Properties client(EmbeddedBroker broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private long produce(EmbeddedBroker broker, String key, long count) {
        try (ExampleProducer producer = new ExampleProducer(client(broker), TopicCatalog.EXAMPLES)) {
            double perStream = rate / STREAMS;
            if (key.equals("hyperplane")) {
                return producer.send(HyperplaneGenerator.rotating(count, 7), key, perStream, null);
            }
            long sent = 0;
            // an interrupt (the demo stopping) ends send() at once; the unbounded cycle must end with it
            for (long cycle = 0; sent < count && !Thread.currentThread().isInterrupted(); cycle++) {
                long n = Math.min(SEA_CYCLE, count - sent);
                ExampleStream sea = count == Long.MAX_VALUE ? new SeaGenerator(n, 1 + cycle, 0.10)
                        : new SeaGenerator(count, 1, 0.10);
                sent += producer.send(sea, key, perStream, null);
                if (count != Long.MAX_VALUE) {
                    break;
                }
            }
            return sent;
        }
    }

    /** Interrupts the producers and waits for them to close, even when the calling thread is interrupted. */
    private static void stopProducers(ExecutorService producers) {
        producers.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            producers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void failIfDone(Future<Long> producer) throws Exception {
        if (producer.isDone()) {
            producer.get(); // rethrows a producer failure; a finished bounded producer is fine
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
