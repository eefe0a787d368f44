package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.RestoreTracker;
import io.erstream.stream.StoredModels;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /models/{key}} shows an event model's encoded layout; {@code /predict} takes the record shape it learns. */
class EventModelsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RECORDS = List.of(
            "{\"id\":\"1\",\"features\":{\"amount\":2.5,\"country\":\"DE\",\"mobile\":true},\"label\":\"1\"}",
            "{\"id\":\"2\",\"features\":{\"amount\":-1,\"mobile\":false},\"label\":\"0\"}");

    @TempDir
    Path state;

    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theModelShowsItsEncodingAndPredictTakesNamedValuesOfEveryKind() throws Exception {
        try (PublishedModels models = new PublishedModels(state, new Properties(), RECORDS, "shop")) {
            server = MetricsServer.start(Settings.loopback());
            Readiness readiness = new Readiness(() -> KafkaStreams.State.RUNNING, new RestoreTracker());
            server.serveReadiness(readiness);
            new ModelsApi(models.views, StoredModels.none(), Owners.single(), readiness).register(server);

            JsonNode model = JSON.readTree(Client.get(server.localUri(), "/models/shop", null).body());
            List<String> inputs = new java.util.ArrayList<>();
            model.get("encoding").forEach(i -> inputs.add(i.get("field").asText() + ":" + i.get("role").asText()
                    + (i.get("category").isNull() ? "" : "=" + i.get("category").asText())));
            assertEquals(List.of("amount:value", "country:category=DE", "mobile:value"), inputs);
            assertEquals(model.get("features").asInt() + 1, model.get("weights").get(0).size());

            HttpResponse<String> predicted = Client.post(server.localUri(), "/predict",
                    "{\"model\":\"shop\",\"features\":{\"amount\":3,\"country\":\"FR\",\"mobile\":null}}");
            assertEquals(200, predicted.statusCode(), predicted.body());
            assertEquals(2, JSON.readTree(predicted.body()).get("probabilities").size());

            HttpResponse<String> none = Client.post(server.localUri(), "/predict",
                    "{\"model\":\"shop\",\"features\":{}}"); // the live page's default: every field imputed
            assertEquals(200, none.statusCode(), none.body());

            HttpResponse<String> bad = Client.post(server.localUri(), "/predict",
                    "{\"model\":\"shop\",\"features\":{\"amount\":{\"x\":1}}}");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("features.amount"), bad.body());
        }
    }
}
