package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelView;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /} and {@code GET /live.json} on a real server, over real published models. */
class LivePageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "page-token";

    @TempDir
    Path stateDir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private MetricsServer server;
    private PublishedModels models;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (models != null) {
            models.close();
        }
    }

    @Test
    void liveJsonCarriesCurvesDriftsRatesDeadLettersAndTheModelTable() throws Exception {
        LiveSeries series = new LiveSeries(4, 100, clock::get);
        start(series, Settings.loopback(), "sea", "hyperplane");
        series.sample();
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(2000);
            series.modelQuality("sea", 0.80 + i / 100.0, 0.3);
            series.modelQuality("hyperplane", 0.70, 0.5);
            series.handled("sea", 1, true, 1, false);
            series.sample();
        }
        series.drift("sea", "hddm-bernstein");
        series.deadLetter("malformed-json");

        HttpResponse<String> response = Client.get(server.localUri(), "/live.json", null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(clock.get(), body.get("now").asLong());
        assertEquals(5, body.get("examples").asLong());
        JsonNode sea = curve(body, "sea");
        assertEquals(5, sea.get("points").size());
        assertEquals(0.84, sea.get("points").get(4).get(1).asDouble(), 1e-9);
        assertEquals(clock.get(), sea.get("lastDrift").asLong());
        assertEquals(5, curve(body, "hyperplane").get("points").size());
        assertTrue(curve(body, "hyperplane").get("lastDrift").isNull());
        JsonNode drift = body.get("drifts").get(0);
        assertEquals("sea", drift.get("model").asText());
        assertEquals("hddm-bernstein", drift.get("detector").asText());
        assertEquals(5, body.get("rates").size());
        assertEquals(0.5, body.get("rates").get(4).get(1).asDouble(), 1e-9); // one example in 2 s
        assertEquals(1, body.get("deadLetters").get("malformed-json").asLong());

        JsonNode table = body.get("models");
        assertEquals(2, table.get("total").asInt());
        JsonNode hyperplane = table.get("rows").get(0);
        JsonNode seaRow = table.get("rows").get(1);
        assertEquals("hyperplane", hyperplane.get("key").asText());
        assertEquals("sea", seaRow.get("key").asText());
        assertEquals("classifier", seaRow.get("kind").asText());
        assertEquals(1, seaRow.get("updates").asLong());
        assertEquals(0.84, seaRow.get("accuracy").asDouble(), 1e-9);
        assertEquals(clock.get(), seaRow.get("lastDrift").asLong());
        assertTrue(hyperplane.get("lastDrift").isNull());
        assertEquals(2, seaRow.get("features").asInt());
    }

    @Test
    void thePageIsOpenButItsDataNeedsTheTokenWhenOneIsConfigured() {
        start(new LiveSeries(), Settings.withToken(TOKEN, false, false));

        HttpResponse<String> page = Client.get(server.localUri(), "/", null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(LivePage.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertTrue(page.body().contains("<script src=\"/live.js\""), page.body());
        assertEquals(200, Client.get(server.localUri(), "/live.js", null).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/live.css", null).statusCode());

        HttpResponse<String> data = Client.get(server.localUri(), "/live.json", null);
        assertEquals(401, data.statusCode());
        assertEquals(200, Client.get(server.localUri(), "/live.json", TOKEN).statusCode());
    }

    @Test
    void unknownPathsAre404AndWritesAre405() {
        start(new LiveSeries(), Settings.loopback());

        assertEquals(404, Client.get(server.localUri(), "/nothing-here", null).statusCode());
        assertEquals(404, Client.get(server.localUri(), "/live.jsonx", null).statusCode());
        assertEquals(405, Client.post(server.localUri(), "/", "{}").statusCode());
        assertEquals(405, Client.post(server.localUri(), "/live.json", "{}").statusCode());
        HttpResponse<String> head = Client.send(HttpRequest.newBuilder(server.localUri().resolve("/live.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(200, Client.get(server.localUri(), "/metrics", null).statusCode()); // still its own endpoint
    }

    @Test
    void theTableIsBoundedAndListsChartedModelsFirst() {
        String[] keys = IntStream.range(0, LivePage.MAX_ROWS + 10).mapToObj(i -> String.format("m%03d", i))
                .toArray(String[]::new);
        models = new PublishedModels(stateDir, keys);

        List<ModelView> rows = LivePage.tableRows(models.views.all(), Set.of("m059", "m055"));

        assertEquals(LivePage.MAX_ROWS, rows.size());
        assertEquals("m055", rows.get(0).key());
        assertEquals("m059", rows.get(1).key());
        assertEquals("m000", rows.get(2).key());
    }

    private void start(LiveSeries series, io.erstream.stream.StreamConfig.Http settings, String... keys) {
        models = new PublishedModels(stateDir, keys);
        server = MetricsServer.start(settings);
        new LivePage(series, models.views).register(server);
    }

    private static JsonNode curve(JsonNode body, String model) {
        for (JsonNode curve : body.get("curves")) {
            if (curve.get("model").asText().equals(model)) {
                return curve;
            }
        }
        throw new AssertionError("no curve for " + model + " in " + body);
    }
}
