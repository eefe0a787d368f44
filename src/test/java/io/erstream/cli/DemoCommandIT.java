package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bar for {@code demo}, as a newcomer would check it: with only the jar's classes and no cluster,
 * {@code /models} answers within 60 s, {@code /models/{key}} and {@code /predict} answer while it runs, the event
 * records' model learns from labels that come later, and {@code --examples N} exits 0 once all N are processed.
 */
class DemoCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** sea, hyperplane, and events (whose labels come later through erstream.labels). */
    private static final int MODELS = 3;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void demoServesModelsAndPredictionsAndExitsZeroAfterAllExamples() throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            int port = 0;
            Future<CommandRunner.Result> demo = null;
            JsonNode models = null;
            for (int attempt = 1; models == null; attempt++) {
                port = freePort();
                int chosen = port;
                demo = runner.submit(() -> CommandRunner.run("demo", "--examples", "6000",
                        "--http-port", Integer.toString(chosen), "--rate", "500"));
                models = awaitModels(port, demo, Duration.ofSeconds(60), attempt < 3);
            }
            assertTrue(models.isArray() && models.size() > 0, "models: " + models);

            JsonNode sea = JSON.readTree(get(port, "/models/sea").body());
            assertEquals("classifier", sea.get("kind").asText(), sea.toString());
            assertEquals(3, sea.get("features").asInt(), sea.toString());
            assertTrue(sea.has("updates") && sea.has("version") && sea.has("weights"), sea.toString());
            assertEquals("hddm-bernstein", sea.get("detector").asText(), sea.toString());
            assertEquals("reset-covariance", sea.get("driftPolicy").asText(), sea.toString());
            assertTrue(sea.get("driftDetections").asLong() >= 0, sea.toString());

            HttpResponse<String> predict = post(port, "/predict", "{\"model\":\"sea\",\"features\":[1,2,3]}");
            assertEquals(200, predict.statusCode(), predict.body());
            JsonNode prediction = JSON.readTree(predict.body());
            assertTrue(prediction.has("prediction") && prediction.get("probabilities").size() == 2, predict.body());

            HttpResponse<String> bad = post(port, "/predict", "{\"model\":\"sea\",\"features\":[1,2]}");
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("features"), bad.body());

            JsonNode events = JSON.readTree(get(port, "/models/events").body());
            assertTrue(events.get("encoding").size() > 0, "an encoded model of event records: " + events);

            CommandRunner.Result result = demo.get(3, TimeUnit.MINUTES);
            assertEquals(0, result.exitCode(), result.err());
            JsonNode last = JSON.readTree(result.lastLine());
            assertEquals(6000, last.get("examples").asLong(), result.out());
            assertTrue(last.get("labels").asLong() > 0, "delayed labels reached the events model: " + result.out());
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void interruptedDemoLeavesNoProducerRunning() throws Exception {
        Set<Thread> before = producerThreads();
        int port = freePort();
        Thread demo = new Thread(() -> Main.commandLine().execute("demo", "--http-port", Integer.toString(port),
                "--rate", "2000"), "erstream-demo-interrupted");
        demo.setDaemon(true);
        demo.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (producerThreads().size() <= before.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertTrue(producerThreads().size() > before.size(), "the demo started producing");
        TimeUnit.SECONDS.sleep(2);
        demo.interrupt(); // as DemoTarget stops it; an interrupt skips the main loop's own producer shutdown
        demo.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!demo.isAlive(), "demo ended");
        Set<Thread> left = producerThreads();
        left.removeAll(before);
        for (int i = 0; i < 100 && !left.isEmpty(); i++) { // a closing producer's I/O thread ends just after close()
            TimeUnit.MILLISECONDS.sleep(100);
            left.removeIf(t -> !t.isAlive());
        }
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("erstream-demo-producer") || left.contains(t)) {
                stacks.append(t).append(Arrays.toString(stack)).append('\n');
            }
        });
        assertTrue(left.isEmpty() && stacks.isEmpty(),
                "producer threads still running after the demo ended: " + left + "\n" + stacks);
    }

    private static Set<Thread> producerThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("kafka-producer-network-thread")) {
                threads.add(t);
            }
        }
        return threads;
    }

    /**
     * The models listed by {@code /models} once both are there; null if the demo could not bind the HTTP port and
     * {@code retryBind} (the port was free when chosen, but another socket of this JVM can take it before the demo
     * binds it: a race of the test, not of the demo).
     */
    private JsonNode awaitModels(int port, Future<CommandRunner.Result> demo, Duration timeout, boolean retryBind)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !demo.isDone()) {
            try {
                HttpResponse<String> response = get(port, "/models");
                JsonNode models = JSON.readTree(response.body()).path("models");
                if (response.statusCode() == 200 && models.size() == MODELS) {
                    return models;
                }
            } catch (IOException notYet) {
                // the server is not up yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        if (demo.isDone()) {
            CommandRunner.Result early = demo.get();
            if (retryBind && early.err().contains("Address already in use")) {
                System.err.println("HTTP port " + port + " was taken before the demo bound it; retrying on another");
                return null;
            }
            throw new AssertionError("demo exited with " + early.exitCode() + " before /models listed every model; "
                    + "stderr: " + early.err() + "; stdout: " + early.out());
        }
        throw new AssertionError("/models did not list every model within " + timeout);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
