package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers: "here" knows (by an owner lookup standing in for Kafka Streams' metadata) that "there" owns
 * the model, and forwards to it once, with the caller's token, within the forward timeout.
 */
class OwnersForwardingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t0ken";

    @TempDir
    Path state;

    @AutoClose
    private final OpenResources open = new OpenResources();

    /** An instance with these models whose lookup names {@code owner} as the owner of every key. */
    private MetricsServer instance(ModelViews views, HostInfo owner, List<HostInfo> peers, Duration forwardTimeout) {
        return instance(views, StoredModels.none(), owner, peers, forwardTimeout);
    }

    private MetricsServer instance(ModelViews views, StoredModels stored, HostInfo owner, List<HostInfo> peers,
                                   Duration forwardTimeout) {
        StreamConfig.Http settings = Settings.withForwardTimeout(TOKEN, forwardTimeout);
        MetricsServer server = MetricsServer.start(settings);
        open.add(server);
        Owners owners = new Owners(key -> owner == null ? new Owners.Local() : new Owners.Remote(owner),
                () -> peers, settings);
        new ModelsApi(views, stored, owners, Readiness.always()).register(server);
        return server;
    }

    private MetricsServer owner(String... keys) {
        PublishedModels models = new PublishedModels(state, keys);
        open.add(models);
        return instance(models.views, models.stored(), null, List.of(), Duration.ofSeconds(2));
    }

    private static HostInfo host(MetricsServer server) {
        return new HostInfo("127.0.0.1", server.port());
    }

    @Test
    void aKeyOwnedElsewhereIsAnsweredByItsOwnerWithTheCallersToken() throws Exception {
        MetricsServer there = owner("m");
        MetricsServer here = instance(new ModelViews(), host(there), List.of(), Duration.ofSeconds(2));

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", TOKEN);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("m", JSON.readTree(response.body()).get("key").asText());
    }

    @Test
    void predictIsForwardedToTheOwner() throws Exception {
        MetricsServer there = owner("m");
        MetricsServer here = instance(new ModelViews(), host(there), List.of(), Duration.ofSeconds(2));

        HttpResponse<String> response = Client.send(HttpRequest.newBuilder(here.localUri().resolve("/predict"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"features\":[1.0,2.0]}")));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).has("prediction"), response.body());
    }

    @Test
    void aForwardedRequestIsAnsweredLocallyWith503WhenTheMetadataNamesAnotherOwner() {
        MetricsServer there = owner("m");
        MetricsServer here = instance(new ModelViews(), host(there), List.of(), Duration.ofSeconds(2));

        HttpResponse<String> response = Client.send(HttpRequest.newBuilder(here.localUri().resolve("/models/m"))
                .header("Authorization", "Bearer " + TOKEN).header(Owners.FORWARDED_HEADER, "1"));

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void anOwnerThatDoesNotAnswerGives504WithinTheForwardTimeout() throws Exception {
        try (Silent silent = new Silent()) {
            MetricsServer here = instance(new ModelViews(), silent.host(), List.of(), Duration.ofMillis(500));
            long started = System.nanoTime();

            HttpResponse<String> response = Client.get(here.localUri(), "/models/m", TOKEN);

            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(504, response.statusCode(), response.body());
            assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(tookMillis < 5_000, "gave up after the forward timeout: " + tookMillis + " ms"); // 500 ms, and a busy CI
        }
    }

    @Test
    void theListGathersTheOtherInstancesKeysAndSkipsOneThatDoesNotAnswer() throws Exception {
        MetricsServer there = owner("m");
        try (Silent silent = new Silent()) {
            MetricsServer here = instance(new ModelViews(), null, List.of(host(there), silent.host()),
                    Duration.ofMillis(500));

            HttpResponse<String> response = Client.get(here.localUri(), "/models", TOKEN);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"models\":[\"m\"],\"next\":null}", response.body());
        }
    }

    /** A port that accepts connections and never answers. */
    private static final class Silent implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Silent() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-owner");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        HostInfo host() {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
