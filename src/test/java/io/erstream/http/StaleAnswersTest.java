package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries during a failover: real servers whose owner lookup (standing in for Kafka Streams' metadata) names an
 * owner that is gone or a store that cannot be read, and real stores standing in for standby copies. The answer
 * comes from a copy marked {@code "stale": true}, or is retryable — never a 404 for a model that exists.
 */
class StaleAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FORWARD = Duration.ofSeconds(2);

    @TempDir
    Path state;

    @AutoClose
    private final OpenResources open = new OpenResources();

    @Test
    void aKeyWhoseOwnerIsGoneIsAnsweredFromAStandbyCopyHereMarkedStale() throws Exception {
        MetricsServer here = instance(new Owners.Remote(gone()), standbyCopyOf("m"));

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("m", body.get("key").asText());
        assertTrue(body.get("stale").asBoolean(), response.body());
        assertTrue(body.has("lag"), "a stale answer says how far behind it may be: " + response.body());
    }

    @Test
    void aKeyWhoseOwnerIsGoneIsAnsweredByAStandbyInstanceWhenNoCopyIsHere() throws Exception {
        HostInfo gone = gone();
        MetricsServer standby = instance(new Owners.Remote(gone), standbyCopyOf("m"));
        MetricsServer here = instance(new Owners.Remote(gone, List.of(host(standby))), StoredModels.none());

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("stale").asBoolean(), response.body());
    }

    @Test
    void aStaleCodecAnswerSaysSoInItsHeaders() {
        MetricsServer here = instance(new Owners.Remote(gone()), standbyCopyOf("m"));

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m?format=codec", null);

        assertEquals(200, response.statusCode());
        assertEquals("true", response.headers().firstValue(ModelsApi.STALE_HEADER).orElseThrow());
    }

    @Test
    void aPredictionFromAStaleCopyIsMarkedStale() throws Exception {
        MetricsServer here = instance(new Owners.Remote(gone()), standbyCopyOf("m"));

        HttpResponse<String> response = Client.post(here.localUri(), "/predict",
                "{\"model\":\"m\",\"features\":[1.0,2.0]}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.has("prediction"), response.body());
        assertTrue(body.get("stale").asBoolean(), response.body());
    }

    @Test
    void anOwnStoreThatCannotBeReadYetIsAnsweredFromItsStaleCopy() throws Exception {
        PublishedModels models = models("m");
        StoredModels unreadable = new StoredModels(() -> {
            throw new InvalidStateStoreException("the stream thread is PARTITIONS_ASSIGNED, not RUNNING");
        }, List::of, () -> List.of(new StoredModels.Copy(0, models::store)), null);
        MetricsServer here = instance(new Owners.Local(), unreadable);

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("stale").asBoolean(), response.body());
    }

    @Test
    void aKeyOfAPartitionAssignedHereWhoseTaskIsNotRunningYetIsRetryableNotMissing() {
        StoredModels notRunningYet = new StoredModels(() -> null, partition -> {
            throw new InvalidStateStoreException("The specified partition " + partition + " does not exist.");
        }, List::of, List::of, null);
        MetricsServer here = instance(new Owners.Local(OptionalInt.of(3), List.of()), notRunningYet);

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow(), response.body());
    }

    @Test
    void aKeyOfAPartitionAssignedHereWhoseTaskIsNotRunningYetIsAnsweredByItsStandby() throws Exception {
        MetricsServer standby = instance(new Owners.Remote(gone()), standbyCopyOf("m"));
        StoredModels notRunningYet = new StoredModels(() -> null, partition -> {
            throw new InvalidStateStoreException("The specified partition " + partition + " does not exist.");
        }, List::of, List::of, null);
        MetricsServer here = instance(new Owners.Local(OptionalInt.of(0), List.of(host(standby))), notRunningYet);

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("stale").asBoolean(), response.body());
    }

    @Test
    void aKeyWithNoCopyAnywhereWhileItsOwnerIsGoneIsRetryableNotMissing() {
        MetricsServer here = instance(new Owners.Remote(gone()), StoredModels.none());

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertNotEquals(404, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow(), response.body());
    }

    @Test
    void aKeyWhoseOwnerIsUnknownIsAnsweredFromAStaleCopyHere() throws Exception {
        MetricsServer here = instance(new Owners.Unknown("the group rebalances"), standbyCopyOf("m"));

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("stale").asBoolean(), response.body());
    }

    @Test
    void aCurrentAnswerSaysItIsNotStale() throws Exception {
        PublishedModels models = models("m");
        MetricsServer here = instance(new Owners.Local(), models.stored(), models.views);

        HttpResponse<String> response = Client.get(here.localUri(), "/models/m", null);

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(JSON.readTree(response.body()).get("stale").asBoolean(), response.body());
    }

    private MetricsServer instance(Owners.Owner owner, StoredModels stored) {
        return instance(owner, stored, new ModelViews());
    }

    private MetricsServer instance(Owners.Owner owner, StoredModels stored, ModelViews views) {
        StreamConfig.Http settings = Settings.withForwardTimeout("", FORWARD);
        MetricsServer server = MetricsServer.start(settings);
        open.add(server);
        Owners owners = new Owners(key -> owner, List::of, settings);
        new ModelsApi(views, stored, owners, Readiness.always(), new StoreLags(() -> Map.of(0, 3L)))
                .register(server);
        return server;
    }

    /** The models of {@code keys} held only as a copy: nothing live, the active store not here. */
    private StoredModels standbyCopyOf(String... keys) {
        PublishedModels models = models(keys);
        return new StoredModels(() -> null, List::of, () -> List.of(new StoredModels.Copy(0, models::store)),
                null);
    }

    private PublishedModels models(String... keys) {
        PublishedModels models = new PublishedModels(state.resolve("s" + open.size()), keys);
        open.add(models);
        return models;
    }

    /** A loopback port nothing listens on: an owner that was killed. */
    private static HostInfo gone() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HostInfo host(MetricsServer server) {
        return new HostInfo("127.0.0.1", server.port());
    }
}
