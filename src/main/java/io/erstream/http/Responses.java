package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writing answers: one place for content types, {@code HEAD} and the JSON error shape {@code {"error": ...}}. */
final class Responses {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, JSON_TYPE, JSON.writeValueAsBytes(body));
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", message);
        json(exchange, status, node);
    }

    /**
     * Whether the request only reads (GET or HEAD), the one rule for read-only endpoints; otherwise sets
     * {@code Allow: GET, HEAD} for the caller's 405, whose body is the endpoint's own (text or JSON).
     */
    static boolean readsOnly(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        return false;
    }

    /** 503 with {@code Retry-After: 1}: the answer exists or will, but not on this instance right now. */
    static void unavailable(HttpExchange exchange, String message) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        error(exchange, 503, message);
    }
}
