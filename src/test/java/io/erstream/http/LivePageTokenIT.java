package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page on a server with a bearer token, in a real browser: the page loads without the token, asks for it
 * when {@code /live.json} answers 401, and once it is typed in shows the models and predicts with it.
 */
class LivePageTokenIT {

    private static final String TOKEN = "browser-token";

    @TempDir
    Path stateDir;

    @Test
    void thePageAsksForTheTokenThenShowsTheModelsAndPredictsWithIt() throws Exception {
        LiveSeries series = new LiveSeries();
        series.modelQuality("sea", 0.9, 0.2);
        try (PublishedModels models = new PublishedModels(stateDir, "sea");
             MetricsServer server = MetricsServer.start(Settings.withToken(TOKEN, false, false))) {
            new ModelsApi(models.views, models.stored(), Owners.single(), Readiness.always()).register(server);
            new LivePage(series, models.views).register(server);

            try (DevToolsPage page = DevToolsPage.open(server.localUri().resolve("/"))) {
                assertEquals("asked", page.evaluate("new Promise(done => { const check = () =>"
                        + " document.getElementById('token-form').hidden ? setTimeout(check, 100) : done('asked');"
                        + " check(); })"));
                assertTrue(page.evaluate("document.getElementById('status').textContent").contains("token"));

                page.evaluate("document.getElementById('token').value = '" + TOKEN + "';"
                        + " document.querySelector('#token-form button').click(); 'sent'");
                assertEquals("sea", page.evaluate("new Promise(done => { const check = () => {"
                        + " const row = document.querySelector('#models tbody tr');"
                        + " row ? done(row.getAttribute('data-model')) : setTimeout(check, 100); }; check(); })"));

                String answer = page.evaluate("new Promise(done => {"
                        + " document.getElementById('predict-features').value = '[1, 2]';"
                        + " const out = document.getElementById('predict-result'); const before = out.textContent;"
                        + " document.querySelector('#predict-form button').click();"
                        + " const check = () => out.textContent !== before ? done(out.textContent)"
                        + " : setTimeout(check, 100); check(); })");
                assertTrue(answer.startsWith("200 ") && answer.contains("\"probabilities\""), answer);
            }
        }
    }
}
