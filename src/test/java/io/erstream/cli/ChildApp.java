package io.erstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.http.ModelsApi;
import io.erstream.stream.StreamConfig;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicReconciler;
import io.erstream.stream.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The real product in its own JVM: {@code java -cp <this JVM's class path> io.erstream.cli.Main run --config F}.
 * A separate process is the only honest way to test a crash: {@link #kill()} is SIGKILL, so no shutdown hook, no
 * {@code close()}, no final commit runs. Output goes to files next to the config, for diagnosis.
 */
final class ChildApp implements AutoCloseable {

    /** The exit code of a process killed by SIGKILL: 128 + 9. */
    static final int SIGKILLED = ChildRun.SIGKILLED;

    /**
     * What the child logs when a stream thread dies (Kafka Streams' uncaught-exception handling, erstream's own
     * processing handler and {@code run}) or when an output record is refused and dropped.
     */
    private static final Pattern FAILURE = Pattern.compile("Encountered the following exception during processing"
            + "|Replacing thread in the streams uncaught exception handler|the stream thread stops"
            + "|stream thread failed|refused a \\d+-byte record|Exception in thread");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildRun run;

    private ChildApp(ChildRun run) {
        this.run = run;
    }

    /** Writes {@code properties} to {@code dir/<name>.properties} and starts {@code run} on it. */
    static ChildApp start(String name, Properties properties, Path dir) throws IOException {
        return start(name, properties, dir, List.of("-Xmx512m"));
    }

    /** As above, with these JVM options (heap size, GC). */
    static ChildApp start(String name, Properties properties, Path dir, List<String> jvmArgs) throws IOException {
        return new ChildApp(ChildRun.start(name, properties, dir, jvmArgs));
    }

    /**
     * The settings of a child whose application is called {@code app}: exactly_once_v2 and the other settings
     * that make a kill and restart quick, reading {@code erstream.examples} and writing its outputs to its own
     * {@code <app>.erstream.*} topics (see {@link #createTopics}), so that several applications can read one input.
     */
    static Properties properties(String bootstrap, String app, Path stateDir) {
        Properties p = new Properties();
        p.setProperty(StreamConfig.BOOTSTRAP_SERVERS, bootstrap);
        p.setProperty(StreamConfig.APPLICATION_ID, "erstream-it-" + app);
        p.setProperty(StreamConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("num.stream.threads", "2");
        p.setProperty("session.timeout.ms", "6000"); // the killed member leaves the group quickly
        p.setProperty("heartbeat.interval.ms", "1500");
        p.setProperty(StreamConfig.HTTP_PORT, "0");
        p.setProperty(StreamConfig.METRICS_INTERVAL_MS, "1000"); // punctuator output inside transactions too
        p.setProperty(StreamConfig.TOPIC_PREDICTIONS, app + "." + TopicCatalog.PREDICTIONS);
        p.setProperty(StreamConfig.TOPIC_METRICS, app + "." + TopicCatalog.METRICS);
        p.setProperty(StreamConfig.TOPIC_MODELS, app + "." + TopicCatalog.MODELS);
        p.setProperty(StreamConfig.TOPIC_DEAD_LETTERS, app + "." + TopicCatalog.DEAD_LETTERS);
        return p;
    }

    /**
     * Creates the bundled topics (topics.yaml, with their declared configs) and, for each of {@code apps}, its
     * own copies of the output topics that {@link #properties} names.
     */
    static void createTopics(Admin admin, String... apps) {
        List<TopicSpec> topics = new ArrayList<>(TopicCatalog.bundled().topics());
        for (String app : apps) {
            for (String topic : List.of(TopicCatalog.PREDICTIONS, TopicCatalog.METRICS, TopicCatalog.MODELS,
                    TopicCatalog.DEAD_LETTERS)) {
                topics.add(TopicCatalog.bundled().topic(topic).withName(app + "." + topic));
            }
        }
        var result = new TopicReconciler(admin, TopicCatalog.of(topics), Duration.ofSeconds(30)).apply();
        if (!result.remaining().isEmpty()) {
            throw new AssertionError("topics not in sync: " + result.remaining());
        }
    }

    /** Deletes a child's state directory, so that its next run restores every store from its changelog alone. */
    static void deleteState(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        if (Files.exists(root)) {
            throw new AssertionError("state dir still exists: " + root);
        }
    }

    /** {@link #start} and {@link #awaitRunning}, printing how long the start took. */
    static ChildApp startRunning(String name, Properties properties, Path dir, Duration timeout) throws Exception {
        ChildApp child = start(name, properties, dir);
        try {
            long t0 = System.nanoTime();
            child.awaitRunning(timeout);
            System.out.printf("%s running after %d ms%n", name, (System.nanoTime() - t0) / 1_000_000);
            return child;
        } catch (Exception | AssertionError e) {
            child.close();
            throw e;
        }
    }

    /** Waits until the application reports RUNNING (its "HTTP on port" line) and returns the port. */
    int awaitRunning(Duration timeout) throws IOException, InterruptedException {
        try {
            return run.awaitRunning(timeout);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux); returns the exit code, 137 = 128 + 9 for a killed process. */
    int kill() throws InterruptedException {
        return run.kill();
    }

    String name() {
        return run.name();
    }

    /** The HTTP port it serves on (once running). */
    int port() {
        return run.port();
    }

    /** SIGTERM and wait: a clean stop through the shutdown hook; returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        return run.stop(timeout);
    }

    boolean alive() {
        return run.alive();
    }

    /** The status of {@code GET /health}: 200 while the streams client runs or rebalances; -1 if nothing answers. */
    int health() throws InterruptedException {
        try {
            return get("/health").statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    /** The lines of the child's stderr that report a stream-thread failure or a refused output. */
    List<String> failures() {
        try {
            return Files.readAllLines(run.stderr()).stream().filter(line -> FAILURE.matcher(line).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the child's stderr and stdout that contain {@code text}. */
    List<String> logLines(String text) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(run.stderr()));
            lines.addAll(Files.readAllLines(run.stdout()));
            return lines.stream().filter(line -> line.contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON summary of {@code GET /models/{key}}, or null while the model is not published (404) or only a copy
     * that may be behind answers ({@code "stale": true}, during a rebalance or restore).
     */
    JsonNode model(String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/models/" + encode(key));
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode model = JSON.readTree(response.body());
        return model.path("stale").asBoolean() ? null : model;
    }

    /** {@code GET /models/{key}?format=codec}: the whole keyed model's store codec bytes, never a stale copy's. */
    byte[] modelCodec(String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/models/" + encode(key) + "?format=codec");
        if (response.statusCode() != 200) {
            throw new AssertionError(run.name() + ": GET codec of " + key + " answered " + response.statusCode());
        }
        if (response.headers().firstValue(ModelsApi.STALE_HEADER).orElse("false").equals("true")) {
            throw new AssertionError(run.name() + ": GET codec of " + key + " answered from a stale copy");
        }
        return response.body();
    }

    /** Waits until the published view of {@code key} has applied exactly {@code examples} labelled examples. */
    void awaitExamples(String key, long examples, Duration timeout) throws IOException, InterruptedException {
        awaitExamples(key, examples, true, timeout);
    }

    /** Waits until the model of {@code key} exists with at least {@code examples} labelled examples applied. */
    void awaitExamplesAtLeast(String key, long examples, Duration timeout) throws IOException, InterruptedException {
        awaitExamples(key, examples, false, timeout);
    }

    private void awaitExamples(String key, long examples, boolean exactly, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            JsonNode view = model(key);
            seen = view == null ? -1 : view.path("examples").asLong();
            if (seen == examples || (!exactly && seen > examples)) {
                return;
            }
            if (seen > examples) {
                throw new AssertionError(run.name() + ": model " + key + " applied " + seen + " examples, only "
                        + examples + " exist (double counting)");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError(run.name() + ": model " + key + " reached " + seen + " of " + examples
                + " examples within " + timeout + "\n" + tail());
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return run.get(path);
    }

    private static String encode(String key) {
        return ChildRun.encode(key);
    }

    /** The last lines of the child's stderr and stdout, for failure messages. */
    String tail() {
        return run.tail();
    }

    /** Never leave a child behind, whatever the test outcome. */
    @Override
    public void close() throws InterruptedException {
        run.close();
    }
}
