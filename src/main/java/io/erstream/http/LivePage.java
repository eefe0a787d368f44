package io.erstream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.erstream.learn.Task;
import io.erstream.stream.ModelView;
import io.erstream.stream.ModelViews;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The live page: {@code GET /} serves a self-contained HTML page from the jar (its script and style at
 * {@code /live.js} and {@code /live.css}; no CDN, the charts are SVG drawn by that script), and
 * {@code GET /live.json} what it draws, from a {@link LiveSeries} and this instance's live {@link ModelViews}.
 *
 * <p>The static files are open (they are the same bytes for everyone); {@code /live.json} is an API endpoint, so it
 * needs the bearer token when one is configured and takes a permit like {@code /models}. The table lists at most
 * {@value #MAX_ROWS} models — those with a curve first, then the most updated — chosen in one pass over the views
 * without sorting them all, so a page left open on an instance with many models stays cheap.
 */
public final class LivePage {

    /** Rows of the model table at most; {@code models.total} says how many live models there are. */
    static final int MAX_ROWS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCES = "/io/erstream/http/live/";
    /**
     * No script, style or connection from anywhere but this server, no framing: the page shows model keys and
     * features, which it writes as text, never as markup.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String contentType, byte[] body) {
    }

    private final LiveSeries series;
    private final ModelViews views;
    private final Map<String, Asset> assets;

    public LivePage(LiveSeries series, ModelViews views) {
        this.series = series;
        this.views = views;
        this.assets = Map.of(
                "/", asset("live.html", "text/html; charset=utf-8"),
                "/live.js", asset("live.js", "text/javascript; charset=utf-8"),
                "/live.css", asset("live.css", "text/css; charset=utf-8"));
    }

    /** Registers {@code /} (and its script and style) and {@code /live.json} on {@code server}. */
    public void register(MetricsServer server) {
        server.addPage("/", this::page);
        server.addHandler("/live.json", this::data);
    }

    private void page(HttpExchange exchange) throws IOException {
        Asset asset = assets.get(exchange.getRequestURI().getRawPath());
        if (asset == null) {
            Responses.error(exchange, 404, "not found"); // "/" matches every path no other endpoint claims
            return;
        }
        if (!readOnly(exchange)) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        Responses.send(exchange, 200, asset.contentType(), asset.body());
    }

    private void data(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getRawPath().equals("/live.json")) {
            Responses.error(exchange, 404, "not found"); // the JDK server matched "/live.json" as a prefix
            return;
        }
        if (readOnly(exchange)) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            Responses.json(exchange, 200, json(series.snapshot(), views.all()));
        }
    }

    /**
     * What the page draws: {@code examples} (handled since start), {@code curves} by model ({@code model},
     * {@code points} as {@code [time ms, accuracy]}, {@code lastDrift}), {@code drifts} ({@code time}, {@code model},
     * {@code detector}), {@code rates} ({@code [time ms, examples/s, dead letters/s]}), {@code deadLetters} (count
     * by reason) and {@code models} ({@code total}, {@code rows}).
     */
    static ObjectNode json(LiveSeries.Snapshot snapshot, Map<String, ModelView> live) {
        ObjectNode body = JSON.createObjectNode();
        body.put("now", snapshot.now());
        body.put("examples", snapshot.examples());
        Map<String, Long> lastDrift = new HashMap<>();
        for (LiveSeries.Drift drift : snapshot.drifts()) {
            lastDrift.merge(drift.model(), drift.time(), Math::max);
        }
        Map<String, Double> accuracy = new HashMap<>();
        ArrayNode curves = body.putArray("curves");
        List<LiveSeries.Curve> byModel = new ArrayList<>(snapshot.curves());
        byModel.sort(Comparator.comparing(LiveSeries.Curve::model)); // stable order, so stable colours on the page
        for (LiveSeries.Curve curve : byModel) {
            ObjectNode c = curves.addObject();
            c.put("model", curve.model());
            ArrayNode points = c.putArray("points");
            for (int i = 0; i < curve.times().length; i++) {
                points.addArray().add(curve.times()[i]).add(curve.accuracy()[i]);
            }
            long drifted = Math.max(curve.lastDrift(), lastDrift.getOrDefault(curve.model(), -1L));
            lastDrift.put(curve.model(), drifted);
            putTime(c, "lastDrift", drifted);
            accuracy.put(curve.model(), curve.latest());
        }
        ArrayNode drifts = body.putArray("drifts");
        for (LiveSeries.Drift drift : snapshot.drifts()) {
            drifts.addObject().put("time", drift.time()).put("model", drift.model()).put("detector", drift.detector());
        }
        ArrayNode rates = body.putArray("rates");
        for (LiveSeries.Rate rate : snapshot.rates()) {
            rates.addArray().add(rate.time()).add(rate.examplesPerSecond()).add(rate.deadLettersPerSecond());
        }
        ObjectNode letters = body.putObject("deadLetters");
        snapshot.deadLetters().forEach(letters::put);
        ObjectNode models = body.putObject("models");
        models.put("total", live.size());
        ArrayNode rows = models.putArray("rows");
        for (ModelView view : tableRows(live, accuracy.keySet())) {
            ObjectNode row = rows.addObject();
            row.put("key", view.key());
            row.put("kind", view.task() == Task.CLASSIFICATION ? "classifier" : "regressor");
            row.put("updates", view.version());
            row.put("examples", view.examples());
            Double latest = accuracy.get(view.key());
            if (latest == null || latest.isNaN()) {
                row.putNull("accuracy");
            } else {
                row.put("accuracy", latest);
            }
            row.put("driftDetections", view.driftDetections());
            putTime(row, "lastDrift", lastDrift.getOrDefault(view.key(), -1L));
            row.put("features", view.dimension());
            row.put("encoded", view.encoded()); // a model of named event features: /predict takes an object
            ArrayNode names = row.putArray("featureNames");
            view.featureNames().forEach(names::add);
        }
        return body;
    }

    /**
     * At most {@link #MAX_ROWS} views, those with a curve first and then by updates, each group by key: one pass
     * with a bounded heap over all views, then a sort of the few kept.
     */
    static List<ModelView> tableRows(Map<String, ModelView> live, Set<String> charted) {
        Comparator<ModelView> rank = Comparator.<ModelView>comparingInt(v -> charted.contains(v.key()) ? 1 : 0)
                .thenComparingLong(ModelView::version)
                .thenComparing(ModelView::key, Comparator.reverseOrder());
        PriorityQueue<ModelView> kept = new PriorityQueue<>(rank);
        for (ModelView view : live.values()) {
            kept.add(view);
            if (kept.size() > MAX_ROWS) {
                kept.poll();
            }
        }
        List<ModelView> rows = new ArrayList<>(kept);
        rows.sort(Comparator.<ModelView>comparingInt(v -> charted.contains(v.key()) ? 0 : 1)
                .thenComparing(ModelView::key));
        return rows;
    }

    private static void putTime(ObjectNode node, String field, long time) {
        if (time < 0) {
            node.putNull(field);
        } else {
            node.put(field, time);
        }
    }

    private static boolean readOnly(HttpExchange exchange) throws IOException {
        if (Responses.readsOnly(exchange)) {
            return true;
        }
        Responses.error(exchange, 405, "use GET");
        return false;
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = LivePage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name);
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
