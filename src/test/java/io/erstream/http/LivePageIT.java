package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live page as a newcomer sees it: {@code erstream demo} runs, a real browser (headless Debian chromium) opens
 * {@code /}, and the rendered DOM has an accuracy curve for each of the demo's models, a drift marker for
 * {@code sea} (whose SEA stream changes concept every quarter of its cycle), and a table row per model; then, driven
 * through the DevTools protocol, its predict form answers for {@code sea}. The screenshot it takes is left at
 * {@code target/live-page.png}.
 */
class LivePageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Points a curve needs before the page is worth looking at: ten seconds at the demo's 2 s quality interval. */
    private static final int MIN_POINTS = 5;
    private static final Duration DATA_WITHIN = Duration.ofSeconds(120);
    private static final Duration BROWSER_BUDGET = Duration.ofSeconds(5);
    private static final Pattern POLYLINE = Pattern.compile("<polyline ([^>]*)>");
    private static final Pattern DRIFT_MARKER = Pattern.compile("<line class=\"drift-marker\" ([^>]*)>");
    private static final Pattern ROW = Pattern.compile("<tr data-model=\"([^\"]*)\">(.*?)</tr>", Pattern.DOTALL);

    @Test
    void aBrowserShowsTheCurvesSeasDriftEveryModelInTheTableAndAWorkingPredictForm() throws Exception {
        HeadlessChromium.requireInstalled(); // before the demo: fail fast with what to install
        try (DemoTarget demo = DemoTarget.start()) {
            URI base = demo.metricsUri().resolve("/");
            JsonNode live = awaitCurvesAndSeaDrift(base);
            assertTrue(live.get("drifts").size() > 0, live.toString());

            String dom = HeadlessChromium.dumpDom(base, BROWSER_BUDGET);

            for (String model : List.of("sea", "hyperplane")) {
                String curve = attributesOf(POLYLINE, dom, "series accuracy", model);
                int points = attribute(curve, "points").trim().split("\\s+").length;
                assertTrue(points >= MIN_POINTS, model + "'s curve has " + points + " points: " + curve);
            }
            assertTrue(!attributesOf(DRIFT_MARKER, dom, "", "sea").isEmpty());
            List<String> rows = new ArrayList<>();
            Matcher row = ROW.matcher(dom);
            while (row.find()) {
                rows.add(row.group(1));
                assertTrue(row.group(2).contains("<td>classifier</td>"), row.group());
            }
            assertEquals(List.of("events", "hyperplane", "sea"), rows, dom);
            assertTrue(dom.contains("<option value=\"sea\">sea</option>"), "the predict form offers sea: " + dom);

            Path png = Path.of("target", "live-page.png");
            HeadlessChromium.screenshot(base, BROWSER_BUDGET, png, 1280, 900);
            assertTrue(Files.size(png) > 20_000, "a screenshot of a drawn page, not a blank one: " + Files.size(png));

            try (DevToolsPage browser = DevToolsPage.open(base)) {
                browser.evaluate(UNTIL_SEA_IS_OFFERED);
                String answer = browser.evaluate(PREDICT_SEA);
                assertTrue(answer.startsWith("200 ") && answer.contains("\"probabilities\""), answer);
            }
        }
    }

    /** Resolves once the predict form offers {@code sea} (after the page's first refresh). */
    private static final String UNTIL_SEA_IS_OFFERED = "new Promise(done => { const check = () => "
            + "document.querySelector('#predict-model option[value=\"sea\"]') ? done('offered')"
            + " : setTimeout(check, 100); check(); })";

    /** Chooses sea, types three features, clicks Predict and resolves with what the form then shows. */
    private static final String PREDICT_SEA = "new Promise(done => {"
            + " const model = document.getElementById('predict-model');"
            + " model.value = 'sea'; model.dispatchEvent(new Event('change'));"
            + " document.getElementById('predict-features').value = '[1, 2, 3]';"
            + " const out = document.getElementById('predict-result'); const before = out.textContent;"
            + " document.querySelector('#predict-form button').click();"
            + " const check = () => out.textContent !== before ? done(out.textContent) : setTimeout(check, 100);"
            + " check(); })";

    /** Polls {@code /live.json} until both models have {@link #MIN_POINTS} points and sea has drifted. */
    private static JsonNode awaitCurvesAndSeaDrift(URI base) throws Exception {
        long deadline = System.nanoTime() + DATA_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = Client.get(base, "/live.json", null);
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    JsonNode live = JSON.readTree(response.body());
                    if (points(live, "sea") >= MIN_POINTS && points(live, "hyperplane") >= MIN_POINTS
                            && seaDrifted(live)) {
                        return live;
                    }
                }
            } catch (AssertionError notUpYet) {
                last = notUpYet.getMessage();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("within " + DATA_WITHIN + " /live.json never had " + MIN_POINTS
                + " points for both models and a drift of sea; last: " + last);
    }

    private static int points(JsonNode live, String model) {
        for (JsonNode curve : live.get("curves")) {
            if (curve.get("model").asText().equals(model)) {
                return curve.get("points").size();
            }
        }
        return 0;
    }

    private static boolean seaDrifted(JsonNode live) {
        for (JsonNode drift : live.get("drifts")) {
            if (drift.get("model").asText().equals("sea")) {
                return true;
            }
        }
        return false;
    }

    /** The attributes of the first element matched by {@code element} with this class prefix and data-model. */
    private static String attributesOf(Pattern element, String dom, String classPrefix, String model) {
        Matcher m = element.matcher(dom);
        while (m.find()) {
            String attributes = m.group(1);
            if (attributes.contains("data-model=\"" + model + "\"")
                    && (classPrefix.isEmpty() || attributes.startsWith("class=\"" + classPrefix))) {
                return attributes;
            }
        }
        throw new AssertionError("no " + element.pattern() + " for " + model + " in the rendered page: " + dom);
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attributes);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + attributes);
        }
        return m.group(1);
    }
}
