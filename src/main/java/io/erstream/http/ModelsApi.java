package io.erstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.erstream.learn.Argmax;
import io.erstream.learn.Task;
import io.erstream.stream.ModelKey;
import io.erstream.stream.ModelView;
import io.erstream.stream.ModelViews;
import io.erstream.stream.StoredModels;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries over HTTP: {@code GET /models}, {@code GET /models/{key}} and {@code POST /predict}. Answers
 * come from the immutable {@link ModelViews} of the live models, else from the store ({@link StoredModels}: a model
 * evicted from the learning cache, or not touched since a restart, is read on demand without being pulled back
 * into it); a key owned by another instance is forwarded to its owner ({@link Owners}), so any instance can be
 * asked about any model. {@code GET /models} pages through the keys of every instance in store order
 * ({@code ?limit=&after=}).
 *
 * <p>A key is a percent-encoded path segment ({@link PathKeys}). A key missing here is 404 only when the answer is
 * certain: this instance owns it (or is the only one), is {@link Readiness ready}, and its store holds no such
 * model. While the instance is rebalancing or restoring, the owner is unknown or gone, the answer comes from a copy
 * that may be behind — a standby's, or the restoring store's — marked {@code "stale": true} with its changelog
 * {@code "lag"} (on {@code ?format=codec}: {@value #STALE_HEADER} and {@value #LAG_HEADER}); with no copy at hand
 * it is 503 with {@code Retry-After: 1}, so a client retries instead of concluding the model does not exist. A
 * current answer says {@code "stale": false}.
 */
public final class ModelsApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;
    /** Keys per page of {@code GET /models} unless {@code limit} says otherwise, and the most it may say. */
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;

    /** On a {@code ?format=codec} answer: {@code true} when it comes from a copy that may be behind. */
    public static final String STALE_HEADER = "X-Erstream-Stale";
    /** On a stale {@code ?format=codec} answer: its copy's changelog lag in records, when measured. */
    public static final String LAG_HEADER = "X-Erstream-Lag";

    /** A model to answer with: from the active store or a live view, or from a copy that may be behind. */
    private record Found(ModelView view, boolean stale, OptionalLong lag) {

        static Found current(ModelView view) {
            return new Found(view, false, OptionalLong.empty());
        }

        /** Adds {@code stale} and, for a stale answer, {@code lag} (null when not measured yet). */
        ObjectNode mark(ObjectNode body) {
            body.put("stale", stale);
            if (stale) {
                if (lag.isPresent()) {
                    body.put("lag", lag.getAsLong());
                } else {
                    body.putNull("lag");
                }
            }
            return body;
        }
    }

    private final ModelViews views;
    private final StoredModels stored;
    private final Owners owners;
    private final Readiness readiness;
    private final StoreLags lags;

    public ModelsApi(ModelViews views, StoredModels stored, Owners owners, Readiness readiness) {
        this(views, stored, owners, readiness, StoreLags.none());
    }

    /** As above; {@code lags} gives the lag of a stale answer's copy. */
    public ModelsApi(ModelViews views, StoredModels stored, Owners owners, Readiness readiness, StoreLags lags) {
        this.views = views;
        this.stored = stored;
        this.owners = owners;
        this.readiness = readiness;
        this.lags = lags;
    }

    /** Registers the endpoints on {@code server}, beside {@code /metrics}. */
    public void register(MetricsServer server) {
        server.addHandler("/models", this::models);
        server.addHandler("/predict", this::predict);
    }

    // ---------------------------------------------------------------- GET /models, /models/{key}

    private void models(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals("/models") && !path.startsWith("/models/")) {
            Responses.error(exchange, 404, "not found"); // the JDK server matched "/models" as a prefix
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            Responses.error(exchange, 405, "use GET");
            return;
        }
        String rest = path.length() > "/models/".length() ? path.substring("/models/".length()) : "";
        String query = exchange.getRequestURI().getRawQuery();
        Optional<Map<String, String>> parameters = QueryParameters.parse(query);
        if (parameters.isEmpty()) {
            Responses.error(exchange, 400, "the query is not valid percent-encoded UTF-8");
            return;
        }
        if (rest.isEmpty()) {
            listModels(exchange, parameters.get());
            return;
        }
        Optional<String> decoded = PathKeys.decode(rest);
        if (decoded.isEmpty()) {
            Responses.error(exchange, 400, "the model key is not valid percent-encoded UTF-8");
            return;
        }
        String key = decoded.get();
        String pathAndQuery = path + (query == null ? "" : "?" + query);
        Optional<Found> found = find(exchange, key, pathAndQuery, null);
        if (found.isPresent()) {
            if ("codec".equals(parameters.get().get("format"))) {
                exchange.getResponseHeaders().set(STALE_HEADER, Boolean.toString(found.get().stale()));
                found.get().lag().ifPresent(lag -> exchange.getResponseHeaders().set(LAG_HEADER, Long.toString(lag)));
                Responses.send(exchange, 200, "application/octet-stream", found.get().view().state());
            } else {
                Responses.json(exchange, 200, found.get().mark(summary(found.get().view())));
            }
        }
    }

    /**
     * One page of model keys: this instance's and, unless {@code local=true} or the request was forwarded, every
     * other instance's, merged in store order; {@code next} is the cursor for the following page, null after the
     * last. A store that cannot be read yet makes the page 503, so that no client takes a partial list for all.
     */
    private void listModels(HttpExchange exchange, Map<String, String> parameters) throws IOException {
        int limit;
        try {
            limit = Integer.parseInt(parameters.getOrDefault("limit", Integer.toString(DEFAULT_PAGE)));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            Responses.error(exchange, 400, "'limit' must be an integer in [1, " + MAX_PAGE + "]");
            return;
        }
        String after = parameters.get("after");
        TreeSet<String> keys = new TreeSet<>(StoredModels.STORE_ORDER);
        try {
            keys.addAll(stored.keys(after, limit));
        } catch (InvalidStateStoreException e) {
            Responses.unavailable(exchange, "the model store cannot be read yet: " + e.getMessage());
            return;
        }
        if (!"true".equals(parameters.get("local")) && !forwarded(exchange)) {
            keys.addAll(owners.remoteKeys(after, limit, exchange.getRequestHeaders().getFirst("Authorization")));
        }
        ArrayNode page = JSON.createArrayNode();
        keys.stream().limit(limit).forEach(page::add);
        ObjectNode body = JSON.createObjectNode();
        body.set("models", page);
        if (page.size() == limit) {
            body.put("next", page.get(limit - 1).asText());
        } else {
            body.putNull("next");
        }
        Responses.json(exchange, 200, body);
    }

    /**
     * The model of {@code key}: published (live), else read from this instance's active store, else the owner's
     * answer relayed, or 404 when this instance owns the key, is ready, and the key's running store holds nothing
     * for it. When no current answer can be had — the store cannot be read (rebalancing, restoring, a task not
     * running yet), the owner is unknown, or it does not answer — a copy that may be behind answers, marked stale:
     * this instance's (a standby, or a restoring active), else a standby instance's; else 503 with
     * {@code Retry-After}. Never a 404 for a model that exists. Empty when an answer has been sent. A request that
     * was already forwarded is answered here, never sent on.
     */
    private Optional<Found> find(HttpExchange exchange, String key, String pathAndQuery, byte[] postBody)
            throws IOException {
        if (!ModelKey.valid(key)) {
            Responses.error(exchange, 404, "no model '" + key + "': no record key has this model key");
            return Optional.empty();
        }
        Optional<ModelView> view = views.get(key);
        if (view.isPresent()) {
            return view.map(Found::current);
        }
        Request request = new Request(exchange, key, pathAndQuery, postBody);
        Owners.Owner owner = owners.of(key);
        if (owner instanceof Owners.Remote remote) {
            return fromOwner(request, remote);
        }
        if (owner instanceof Owners.Unknown unknown) {
            return fromACopy(request, List.of(), "is not here and " + unknown.reason());
        }
        Owners.Local local = (Owners.Local) owner;
        try {
            view = stored.find(key, local.partition());
        } catch (InvalidStateStoreException e) {
            return fromACopy(request, local.standbys(), "cannot be read yet: " + e.getMessage());
        }
        if (view.isPresent()) {
            return view.map(Found::current);
        }
        Optional<String> notReady = readiness.notReady();
        if (notReady.isPresent()) {
            return fromACopy(request, local.standbys(), "is not here yet: " + notReady.get());
        }
        Responses.error(exchange, 404, "no model '" + key + "' (it appears after its first record)");
        return Optional.empty();
    }

    /** One query for one model: what {@link #find} passes on when it forwards. */
    private record Request(HttpExchange exchange, String key, String pathAndQuery, byte[] postBody) {

        String authorization() {
            return exchange.getRequestHeaders().getFirst("Authorization");
        }
    }

    /**
     * A key another instance owns: its owner's answer, relayed; when the owner cannot answer (unreachable, timed
     * out, not ready), a copy here or at a standby instance, else the owner's failure. A request that was already
     * forwarded is answered from a copy here or with 503, never sent on.
     */
    private Optional<Found> fromOwner(Request request, Owners.Remote remote) throws IOException {
        if (forwarded(request.exchange())) {
            return fromACopy(request, List.of(), "was forwarded here, but the metadata names " + remote.host()
                    + " as its owner");
        }
        Owners.Response answer = owners.forward(remote.host(), request.pathAndQuery(), request.postBody(),
                request.authorization());
        if (ownerCannotAnswer(answer)) {
            Optional<Found> copy = staleHere(request.key());
            if (copy.isPresent()) {
                return copy;
            }
            answer = fromStandbys(request, remote.standbys()).orElse(answer);
        }
        relay(request.exchange(), answer);
        return Optional.empty();
    }

    /** 502 and 504 (the owner could not be asked or did not answer in time) and 503 (not ready) are worth a retry. */
    private static boolean ownerCannotAnswer(Owners.Response answer) {
        return answer.status() == 502 || answer.status() == 503 || answer.status() == 504;
    }

    /**
     * No current answer: a copy here, marked stale with its lag; else the first of {@code standbys} that answers
     * (unless the request was forwarded already); else 503 with {@code Retry-After} and {@code why}.
     */
    private Optional<Found> fromACopy(Request request, List<HostInfo> standbys, String why) throws IOException {
        Optional<Found> copy = staleHere(request.key());
        if (copy.isPresent()) {
            return copy;
        }
        Optional<Owners.Response> fromStandby = forwarded(request.exchange()) ? Optional.empty()
                : fromStandbys(request, standbys);
        if (fromStandby.isPresent()) {
            relay(request.exchange(), fromStandby.get());
        } else {
            Responses.unavailable(request.exchange(), "model '" + request.key() + "' " + why);
        }
        return Optional.empty();
    }

    /** The first 200 of the instances holding a standby copy, asked one after another. */
    private Optional<Owners.Response> fromStandbys(Request request, List<HostInfo> standbys) {
        for (HostInfo standby : standbys) {
            Owners.Response answer = owners.forward(standby, request.pathAndQuery(), request.postBody(),
                    request.authorization());
            if (answer.status() == 200) {
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }

    private static void relay(HttpExchange exchange, Owners.Response answer) throws IOException {
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        Responses.send(exchange, answer.status(), answer.contentType(), answer.body());
    }

    private Optional<Found> staleHere(String key) {
        return stored.findStale(key).map(copy -> new Found(copy.view(), true, lags.lag(copy.partition())));
    }

    private static boolean forwarded(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey(Owners.FORWARDED_HEADER);
    }

    static ObjectNode summary(ModelView view) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", view.key());
        node.put("kind", view.task() == Task.CLASSIFICATION ? "classifier" : "regressor");
        node.put("model", view.model());
        node.put("features", view.dimension());
        if (view.hidden() > 0) {
            node.put("hidden", view.hidden());
            node.put("warmStart", view.warmStartFingerprint());
        }
        ArrayNode names = node.putArray("featureNames");
        view.featureNames().forEach(names::add);
        ArrayNode classes = node.putArray("classes");
        view.classes().forEach(classes::add);
        node.put("updates", view.version());
        node.put("version", view.version());
        node.put("examples", view.examples());
        node.put("refused", view.refused());
        node.put("lastTimestamp", view.lastTimestamp());
        node.put("detector", view.detector());
        node.put("driftPolicy", view.driftPolicy());
        node.put("driftDetections", view.driftDetections());
        double[] w = view.weights();
        int width = (view.hidden() > 0 ? view.hidden() : view.dimension()) + 1;
        ArrayNode rows = node.putArray("weights");
        for (int row = 0; row < w.length / width; row++) {
            ArrayNode r = rows.addArray();
            for (int j = 0; j < width; j++) {
                r.add(w[row * width + j]);
            }
        }
        node.put("weightsLayout", view.hidden() > 0
                ? "one row per output unit: bias, then one weight per hidden unit of the warm start"
                : view.encoded() ? "one row per output unit: bias, then one weight per (standardised) input of"
                + " 'encoding'" : "one row per output unit: bias, then one weight per (standardised) feature");
        if (view.encoded()) {
            ArrayNode encoding = node.putArray("encoding");
            view.encoding().forEach(input -> encoding.addObject().put("input", input.index())
                    .put("field", input.field()).put("kind", input.kind()).put("role", input.role())
                    .put("category", input.category()));
        }
        return node;
    }

    // ---------------------------------------------------------------- POST /predict

    private void predict(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getRawPath().equals("/predict")) {
            Responses.error(exchange, 404, "not found"); // the JDK server matched "/predict" as a prefix
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Responses.error(exchange, 405, "use POST with {\"model\": key, \"features\": [...] | {...}}");
            return;
        }
        Optional<byte[]> body = RequestBodies.read(exchange, MAX_BODY);
        if (body.isEmpty()) {
            Responses.error(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(body.get());
        } catch (JsonProcessingException e) {
            Responses.error(exchange, 400, "malformed JSON: " + e.getOriginalMessage());
            return;
        }
        if (request == null || !request.isObject() || !request.path("model").isTextual()) {
            Responses.error(exchange, 400, "field 'model' must be a string");
            return;
        }
        String key = request.get("model").asText();
        Optional<Found> found = find(exchange, key, "/predict", body.get());
        if (found.isEmpty()) {
            return;
        }
        double[] x;
        try {
            x = features(request.get("features"), found.get().view());
        } catch (IllegalArgumentException e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        Responses.json(exchange, 200, found.get().mark(prediction(found.get().view(), x)));
    }

    static ObjectNode prediction(ModelView view, double[] x) {
        ObjectNode out = JSON.createObjectNode();
        if (view.task() == Task.REGRESSION) {
            out.put("prediction", view.predictValue(x));
            return out;
        }
        double[] p = view.predictProba(x);
        out.put("prediction", view.classes().get(Argmax.of(p)));
        ArrayNode probabilities = out.putArray("probabilities");
        for (double v : p) {
            probabilities.add(v);
        }
        out.put("modelVersion", view.version());
        return out;
    }

    /** Features as the model expects them: positional, or named in the model's feature order. */
    static double[] features(JsonNode features, ModelView view) {
        if (features == null || features.isNull()) {
            throw new IllegalArgumentException("field 'features' is missing");
        }
        if (view.encoded()) {
            return view.canonical(features);
        }
        int d = view.dimension();
        double[] x = new double[d];
        List<String> names = view.featureNames();
        if (features.isArray()) {
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("model '" + view.key() + "' takes named features " + names);
            }
            if (features.size() != d) {
                throw new IllegalArgumentException("field 'features' has " + features.size() + " values, model '"
                        + view.key() + "' takes " + d);
            }
            for (int j = 0; j < d; j++) {
                x[j] = number(features.get(j), "features[" + j + "]");
            }
            return x;
        }
        if (features.isObject()) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("model '" + view.key() + "' takes an array of " + d + " features");
            }
            if (features.size() != d) {
                throw new IllegalArgumentException("field 'features' has " + features.size() + " names, model '"
                        + view.key() + "' takes " + names);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = features.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                int index = names.indexOf(field.getKey());
                if (index < 0) {
                    throw new IllegalArgumentException("unknown feature '" + field.getKey() + "'; model '"
                            + view.key() + "' takes " + names);
                }
                x[index] = number(field.getValue(), "features." + field.getKey());
            }
            return x;
        }
        throw new IllegalArgumentException("field 'features' must be an array or an object");
    }

    private static double number(JsonNode node, String field) {
        if (node == null || !node.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number");
        }
        double v = node.asDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("field '" + field + "' is not finite");
        }
        return v;
    }
}
