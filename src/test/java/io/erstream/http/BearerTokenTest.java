package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optional bearer token: always for the API, for the operations endpoints only when configured. */
class BearerTokenTest {

    private static final String TOKEN = "s3cret-token";

    private MetricsServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private MetricsServer start(boolean authMetrics, boolean authHealth) {
        server = MetricsServer.start(Settings.withToken(TOKEN, authMetrics, authHealth));
        new ModelsApi(new ModelViews(), StoredModels.none(), Owners.single(), Readiness.always()).register(server);
        return server;
    }

    @Test
    void theApiAnswers401WithABearerChallengeWithoutTheToken() {
        start(false, false);

        HttpResponse<String> response = Client.get(server.localUri(), "/models", null);

        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"erstream\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void theApiAnswers401ForAWrongToken() {
        start(false, false);

        assertEquals(401, Client.get(server.localUri(), "/models", TOKEN + "x").statusCode());
        assertEquals(401, Client.get(server.localUri(), "/models", "s3cret").statusCode());
    }

    @Test
    void theApiAnswersWithTheToken() {
        start(false, false);

        HttpResponse<String> response = Client.get(server.localUri(), "/models", TOKEN);

        assertEquals(200, response.statusCode());
        assertEquals("{\"models\":[],\"next\":null}", response.body());
    }

    @Test
    void predictNeedsTheTokenToo() {
        start(false, false);

        assertEquals(401, Client.post(server.localUri(), "/predict", "{\"model\":\"m\",\"features\":[1]}")
                .statusCode());
    }

    @Test
    void metricsHealthAndReadyAreOpenByDefault() {
        start(false, false);

        assertEquals(200, Client.get(server.localUri(), "/metrics", null).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/health", null).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/ready", null).statusCode());
    }

    @Test
    void metricsNeedTheTokenWhenConfigured() {
        start(true, false);

        assertEquals(401, Client.get(server.localUri(), "/metrics", null).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/metrics", TOKEN).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/health", null).statusCode());
    }

    @Test
    void healthAndReadyNeedTheTokenWhenConfigured() {
        start(false, true);

        assertEquals(401, Client.get(server.localUri(), "/health", null).statusCode());
        assertEquals(401, Client.get(server.localUri(), "/ready", null).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/health", TOKEN).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/ready", TOKEN).statusCode());
        assertEquals(200, Client.get(server.localUri(), "/metrics", null).statusCode());
    }
}
