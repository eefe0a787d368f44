package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import io.erstream.stream.RestoreTracker;
import io.erstream.stream.StreamConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /models/{key}} and {@code /predict}: honest not-found answers and keys as percent-encoded segments. */
class ModelsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ODD_KEY = "a+b/c d é";
    private static final String ODD_KEY_ENCODED = "a%2Bb%2Fc%20d%20%C3%A9";
    private static final TopicPartition CHANGELOG = new TopicPartition("erstream-models-changelog", 0);

    @TempDir
    Path state;

    private final RestoreTracker restores = new RestoreTracker();
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private MetricsServer serve(ModelViews views, KafkaStreams.State streamsState) {
        return serve(views, StoredModels.none(), streamsState);
    }

    private MetricsServer serve(ModelViews views, StoredModels stored, KafkaStreams.State streamsState) {
        Readiness readiness = new Readiness(() -> streamsState, restores);
        server = MetricsServer.start(Settings.loopback());
        server.serveReadiness(readiness);
        new ModelsApi(views, stored, Owners.single(), readiness).register(server);
        return server;
    }

    @Test
    void aModelEvictedFromTheCacheIsAnsweredFromTheStore() throws Exception {
        Properties tiny = new Properties();
        tiny.setProperty(StreamConfig.MODELS_CACHE_BYTES, "1"); // only the model being learnt stays live
        try (PublishedModels models = new PublishedModels(state, tiny, "first", "second", "third")) {
            serve(models.views, models.stored(), KafkaStreams.State.RUNNING);

            HttpResponse<String> summary = Client.get(server.localUri(), "/models/first", null);
            HttpResponse<String> predicted = Client.post(server.localUri(), "/predict",
                    "{\"model\":\"first\",\"features\":[1,2]}");

            assertTrue(models.views.get("first").isEmpty(), "evicted: no view");
            assertEquals(200, summary.statusCode(), summary.body());
            assertEquals(1, JSON.readTree(summary.body()).get("examples").asLong());
            assertEquals(200, predicted.statusCode(), predicted.body());
        }
    }

    @Test
    void theListPagesThroughEveryStoredKeyWithACursor() throws Exception {
        try (PublishedModels models = new PublishedModels(state, "a", "bb", "c", "dd", "e")) {
            serve(models.views, models.stored(), KafkaStreams.State.RUNNING);

            JsonNode first = JSON.readTree(Client.get(server.localUri(), "/models?limit=3", null).body());
            JsonNode second = JSON.readTree(Client.get(server.localUri(), "/models?limit=3&after="
                    + first.get("next").asText(), null).body());

            assertEquals("[\"a\",\"c\",\"e\"]", first.get("models").toString()); // store order: length, then bytes
            assertEquals("[\"bb\",\"dd\"]", second.get("models").toString());
            assertTrue(second.get("next").isNull());
            assertEquals(400, Client.get(server.localUri(), "/models?limit=0", null).statusCode());
        }
    }

    @Test
    void aKeyNoRecordKeyMapsToIs404() {
        serve(new ModelViews(), KafkaStreams.State.REBALANCING);

        assertEquals(404, Client.get(server.localUri(), "/models/~b64:bQ", null).statusCode());
    }

    @Test
    void aMissingKeyIs404WhenTheInstanceIsReady() {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);

        assertEquals(404, Client.get(server.localUri(), "/models/nope", null).statusCode());
    }

    @Test
    void aMissingKeyIs503WithRetryAfterWhileAStoreRestores() throws Exception {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);
        restores.onRestoreStart(CHANGELOG, "models", 0, 100);

        HttpResponse<String> response = Client.get(server.localUri(), "/models/nope", null);

        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains("restoring"), response.body());
    }

    @Test
    void aMissingKeyIs404AgainOnceTheRestoreEnds() {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);
        restores.onRestoreStart(CHANGELOG, "models", 0, 100);
        restores.onRestoreEnd(CHANGELOG, "models", 100);

        assertEquals(404, Client.get(server.localUri(), "/models/nope", null).statusCode());
    }

    @Test
    void aMissingKeyIs503WhileTheStreamsClientRebalances() {
        serve(new ModelViews(), KafkaStreams.State.REBALANCING);

        HttpResponse<String> response = Client.get(server.localUri(), "/models/nope", null);

        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aMissingKeyIs503BeforeARealStreamsClientStartsEvenWithAnApplicationServer() {
        StreamConfig config = StreamConfig.fromProperties(new Properties(), Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        ModelViews views = new ModelViews();
        try (KafkaStreams streams = new KafkaStreams(ErstreamTopology.build(config, views), props)) {
            Readiness readiness = Readiness.of(streams, restores);
            server = MetricsServer.start(Settings.loopback());
            new ModelsApi(views, StoredModels.none(), new Owners(streams, new HostInfo("localhost", 1),
                    Settings.loopback()), readiness).register(server);

            HttpResponse<String> response = Client.get(server.localUri(), "/models/nope", null);

            assertEquals(KafkaStreams.State.CREATED, streams.state());
            assertEquals(503, response.statusCode(), response.body());
            assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        }
    }

    @Test
    void predictForAMissingKeyIs503WhileNotReady() {
        serve(new ModelViews(), KafkaStreams.State.REBALANCING);

        HttpResponse<String> response = Client.post(server.localUri(), "/predict",
                "{\"model\":\"nope\",\"features\":[1,2]}");

        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void readyIs503WithTheReasonWhileAStoreRestoresAnd200After() {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);
        restores.onRestoreStart(CHANGELOG, "models", 0, 100);

        HttpResponse<String> restoring = Client.get(server.localUri(), "/ready", null);
        restores.onRestoreEnd(CHANGELOG, "models", 100);
        HttpResponse<String> restored = Client.get(server.localUri(), "/ready", null);

        assertEquals(503, restoring.statusCode());
        assertEquals("NOT READY: restoring model stores\n", restoring.body());
        assertEquals(200, restored.statusCode());
    }

    @Test
    void healthIsUpWhileRebalancingButReadyIsNot() {
        serve(new ModelViews(), KafkaStreams.State.REBALANCING);

        assertEquals(200, Client.get(server.localUri(), "/health", null).statusCode());
        assertEquals(503, Client.get(server.localUri(), "/ready", null).statusCode());
    }

    @Test
    void healthIsDownOnceTheStreamsClientFailed() {
        serve(new ModelViews(), KafkaStreams.State.ERROR);

        HttpResponse<String> response = Client.get(server.localUri(), "/health", null);

        assertEquals(503, response.statusCode());
        assertEquals("DOWN ERROR\n", response.body());
    }

    @Test
    void aKeyWithPlusSlashSpaceAndNonAsciiRoundTripsPercentEncoded() throws Exception {
        try (PublishedModels models = new PublishedModels(state, ODD_KEY)) {
            serve(models.views, KafkaStreams.State.RUNNING);

            HttpResponse<String> response = Client.get(server.localUri(), "/models/" + ODD_KEY_ENCODED, null);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(ODD_KEY, JSON.readTree(response.body()).get("key").asText());
        }
    }

    @Test
    void predictAnswersForAKeyWithPlusSlashSpaceAndNonAscii() throws Exception {
        try (PublishedModels models = new PublishedModels(state, ODD_KEY)) {
            serve(models.views, KafkaStreams.State.RUNNING);

            HttpResponse<String> response = Client.post(server.localUri(), "/predict",
                    "{\"model\":\"" + ODD_KEY + "\",\"features\":[1.0,2.0]}");

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(JSON.readTree(response.body()).has("prediction"), response.body());
        }
    }

    @Test
    void aPlusInTheKeyIsNotASpace() throws Exception {
        try (PublishedModels models = new PublishedModels(state, "a b")) {
            serve(models.views, KafkaStreams.State.RUNNING);

            assertEquals(404, Client.get(server.localUri(), "/models/a+b", null).statusCode());
            assertEquals(200, Client.get(server.localUri(), "/models/a%20b", null).statusCode());
        }
    }

    @Test
    void aBadPercentEscapeIs400() throws Exception {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);

        assertEquals(400, rawStatus("GET /models/a%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(400, rawStatus("GET /models/a%4 HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @Test
    void aKeyThatIsNotUtf8Is400() throws Exception {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);

        HttpResponse<String> response = Client.get(server.localUri(), "/models/a%FFb", null);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("UTF-8"), response.body());
    }

    @Test
    void pathsThatOnlyStartLikeAnEndpointAre404() {
        serve(new ModelViews(), KafkaStreams.State.RUNNING);

        assertEquals(404, Client.get(server.localUri(), "/modelsX", null).statusCode());
        assertEquals(404, Client.post(server.localUri(), "/predictX", "{}").statusCode());
        assertEquals(404, Client.get(server.localUri(), "/readyz", null).statusCode());
    }

    private int rawStatus(String request) throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {
            return client.send(request).status();
        }
    }
}
