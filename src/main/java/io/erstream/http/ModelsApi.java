package io.erstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.erstream.learn.Task;
import io.erstream.stream.ModelView;
import io.erstream.stream.ModelViews;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Interactive queries over HTTP: {@code GET /models}, {@code GET /models/{key}} and {@code POST /predict}. Answers
 * come from the immutable {@link ModelViews} this instance publishes; a key owned by another instance is
 * forwarded to its owner ({@link Owners}), so any instance can be asked about any model.
 */
public final class ModelsApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private final ModelViews views;
    private final Owners owners;

    public ModelsApi(ModelViews views, Owners owners) {
        this.views = views;
        this.owners = owners;
    }

    /** Registers the endpoints on {@code server}, beside {@code /metrics}. */
    public void register(MetricsServer server) {
        server.addHandler("/models", this::models);
        server.addHandler("/predict", this::predict);
    }

    // ---------------------------------------------------------------- GET /models, /models/{key}

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "use GET");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String rest = path.length() > "/models".length() ? path.substring("/models/".length()) : "";
            boolean localOnly = "local=true".equals(exchange.getRequestURI().getRawQuery());
            if (rest.isEmpty()) {
                listModels(exchange, localOnly);
                return;
            }
            String key = URLDecoder.decode(rest, StandardCharsets.UTF_8);
            Optional<ModelView> view = views.get(key);
            if (view.isPresent()) {
                boolean codec = "format=codec".equals(exchange.getRequestURI().getRawQuery());
                if (codec) {
                    send(exchange, 200, "application/octet-stream", view.get().state());
                } else {
                    sendJson(exchange, 200, summary(view.get()));
                }
                return;
            }
            Optional<Owners.Response> forwarded = owners.forward(key, exchange.getRequestURI().toString(), null);
            if (forwarded.isPresent()) {
                send(exchange, forwarded.get().status(), forwarded.get().contentType(), forwarded.get().body());
                return;
            }
            error(exchange, 404, "no model '" + key + "' (it appears after its first record)");
        }
    }

    private void listModels(HttpExchange exchange, boolean localOnly) throws IOException {
        TreeSet<String> keys = new TreeSet<>(views.all().keySet());
        if (!localOnly) {
            keys.addAll(owners.remoteKeys());
        }
        ArrayNode array = JSON.createArrayNode();
        keys.forEach(array::add);
        sendJson(exchange, 200, array);
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
                : "one row per output unit: bias, then one weight per (standardised) feature");
        return node;
    }

    // ---------------------------------------------------------------- POST /predict

    private void predict(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "use POST with {\"model\": key, \"features\": [...] | {...}}");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                error(exchange, 413, "request body larger than " + MAX_BODY + " bytes");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                error(exchange, 400, "malformed JSON: " + e.getOriginalMessage());
                return;
            }
            if (request == null || !request.isObject() || !request.path("model").isTextual()) {
                error(exchange, 400, "field 'model' must be a string");
                return;
            }
            String key = request.get("model").asText();
            Optional<ModelView> view = views.get(key);
            if (view.isEmpty()) {
                Optional<Owners.Response> forwarded = owners.forward(key, "/predict", body);
                if (forwarded.isPresent()) {
                    send(exchange, forwarded.get().status(), forwarded.get().contentType(), forwarded.get().body());
                } else {
                    error(exchange, 404, "no model '" + key + "'");
                }
                return;
            }
            double[] x;
            try {
                x = features(request.get("features"), view.get());
            } catch (IllegalArgumentException e) {
                error(exchange, 400, e.getMessage());
                return;
            }
            sendJson(exchange, 200, prediction(view.get(), x));
        }
    }

    static ObjectNode prediction(ModelView view, double[] x) {
        ObjectNode out = JSON.createObjectNode();
        if (view.task() == Task.REGRESSION) {
            out.put("prediction", view.predictValue(x));
            return out;
        }
        double[] p = view.predictProba(x);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        out.put("prediction", view.classes().get(best));
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

    // ---------------------------------------------------------------- plumbing

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", message);
        sendJson(exchange, status, node);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
