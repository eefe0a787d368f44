package io.erstream.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code Authorization: Bearer <token>} checking. Both tokens are hashed with SHA-256 before
 * {@link MessageDigest#isEqual} so that the comparison takes the same time whatever the presented token's content
 * or length: a timing probe learns neither a prefix of the token nor its size.
 */
final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    /** @param token the shared token; empty: every request is admitted */
    BearerAuth(String token) {
        this.expected = token.isEmpty() ? null : sha256(token);
    }

    boolean enabled() {
        return expected != null;
    }

    /** Whether the request carries the token (always, when no token is configured). */
    boolean admits(HttpExchange exchange) {
        if (expected == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(header.substring(SCHEME.length()).strip()));
    }

    /** 401 with the challenge a client needs to know which scheme to use. */
    static void challenge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"erstream\"");
        Responses.error(exchange, 401, "missing or wrong bearer token");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
