package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request a byte at a time: they must not starve the probes, and the read timeout ends
 * them. The latency bound is functional (a probe answers at all while they trickle), not a benchmark.
 */
class SlowClientTest {

    private static final Duration PROBE_BOUND = Duration.ofSeconds(1);

    private final ExecutorService tricklers = Executors.newFixedThreadPool(2);
    private MetricsServer server;

    @AfterEach
    void stop() throws InterruptedException {
        tricklers.shutdownNow();
        tricklers.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    private void start(Duration readTimeout) {
        server = MetricsServer.start(Settings.withReadTimeout(readTimeout));
        new ModelsApi(new ModelViews(), StoredModels.none(), Owners.single(), Readiness.always()).register(server);
    }

    @Test
    void twoClientsTricklingPredictBodiesDoNotDelayHealth() throws Exception {
        start(Duration.ofSeconds(30));
        List<Future<Integer>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(tricklers.submit(() -> trickle("POST /predict HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n", "{\"model\":", 20)));
        }

        assertProbesAnswerPromptlyFor(Duration.ofSeconds(10));
        for (Future<Integer> s : slow) {
            assertTrue(s.get() >= 15, "the trickler kept sending throughout: " + s.get() + " bytes");
        }
    }

    @Test
    void twoClientsTricklingHeadersDoNotDelayHealth() throws Exception {
        start(Duration.ofSeconds(30));
        for (int i = 0; i < 2; i++) {
            tricklers.submit(() -> trickle("", "GET /models HTTP/1.1\r\nHost: x\r\nX-Slow: ", 12));
        }

        assertProbesAnswerPromptlyFor(Duration.ofSeconds(6));
    }

    @Test
    void aTrickledBodyIsCutOffAfterTheReadTimeout() throws Exception {
        start(Duration.ofSeconds(1));
        try (RawHttp client = new RawHttp(server.port())) {
            client.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{");
            long started = System.nanoTime();

            assertTrue(client.closedByServer(5_000), "the server ends a request it could not read in time");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= 800 && tookMillis < 3_000, "cut off after about the read timeout: " + tookMillis);
        }
    }

    @Test
    void trickledHeadersAreCutOffAfterTheReadTimeout() throws Exception {
        start(Duration.ofSeconds(1));
        try (RawHttp client = new RawHttp(server.port())) {
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n");

            assertTrue(client.closedByServer(5_000), "the server ends a request whose headers never end");
        }
    }

    @Test
    void aRequestReadInTimeIsAnsweredAfterTheReadTimeoutHasPassed() throws Exception {
        start(Duration.ofMillis(500));
        try (RawHttp client = new RawHttp(server.port())) {
            client.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            assertEquals(400, client.status());
            Thread.sleep(1_000); // the deadline of the first request must not reach the kept-alive connection

            client.send("GET /models HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, client.status());
        }
    }

    @Test
    void apiRequestsBeyondTheThreadsSettingAre503WhileProbesStillAnswer() throws Exception {
        server = MetricsServer.start(Settings.withThreads(1, Duration.ofSeconds(30)));
        new ModelsApi(new ModelViews(), StoredModels.none(), Owners.single(), Readiness.always()).register(server);
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{");
            Thread.sleep(300); // the slow request holds the only permit while its body trickles

            HttpResponse<String> busy = Client.get(server.localUri(), "/models", null);

            assertEquals(503, busy.statusCode(), busy.body());
            assertEquals("1", busy.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, Client.get(server.localUri(), "/health", null).statusCode());
        }
    }

    @Test
    void aClientThatDoesNotTakeItsAnswerIsCutOffAfterTheAnswerDeadline() throws Exception {
        server = MetricsServer.start(Settings.withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
        CompletableFuture<Throwable> writer = new CompletableFuture<>();
        server.addHandler("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // 1 GiB: far more than any socket buffer holds
                    out.write(chunk);
                }
                writer.complete(null);
            } catch (IOException e) {
                writer.complete(e);
                throw e;
            }
        });
        try (RawHttp client = new RawHttp(server.port())) {
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read the answer
            long started = System.nanoTime();

            Throwable failure = writer.get(10, TimeUnit.SECONDS);

            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertInstanceOf(IOException.class, failure, "the blocked write was cut off");
            assertTrue(tookMillis < 3_000, "after about read + forward timeout: " + tookMillis + " ms");
        }
    }

    /** Sends {@code head} at once, then {@code body} one byte every 500 ms; returns how many bytes got through. */
    private int trickle(String head, String body, int bytes) throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {
            client.send(head);
            int sent = 0;
            for (int i = 0; i < bytes && client.trickle(body.charAt(i % body.length())); i++) {
                sent++;
                Thread.sleep(500);
            }
            return sent;
        }
    }

    private void assertProbesAnswerPromptlyFor(Duration duration) throws InterruptedException {
        Thread.sleep(300); // let the tricklers connect and start
        long end = System.nanoTime() + duration.toNanos();
        int probes = 0;
        while (System.nanoTime() < end) {
            for (String probe : List.of("/health", "/ready", "/metrics")) {
                long started = System.nanoTime();
                HttpResponse<String> response = Client.get(server.localUri(), probe, null);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertEquals(200, response.statusCode(), probe);
                assertTrue(took.compareTo(PROBE_BOUND) < 0, probe + " took " + took.toMillis() + " ms");
                probes++;
            }
            Thread.sleep(200);
        }
        assertTrue(probes > 10, "probed throughout: " + probes);
    }
}
