package io.erstream.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reading a request body within the request's deadline ({@link RequestDeadlines}) and a size limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** Whether the request announces a body ({@code Content-Length} above 0 or a transfer encoding). */
    static boolean announced(HttpExchange exchange) {
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            return true;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return length != null && !length.strip().equals("0");
    }

    /**
     * The whole body, or empty when it is larger than {@code max} bytes (then the deadline stays armed, so that
     * the JDK's draining of the rest on close is bounded too). Throws when the deadline expired: the connection is
     * closed and nothing can be answered.
     */
    static Optional<byte[]> read(HttpExchange exchange, int max) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.strip().length() > 0 && Long.parseLong(length.strip()) > max) {
            return Optional.empty();
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) {
            return Optional.empty();
        }
        if (!RequestDeadlines.current().met()) {
            throw new IOException("request not read within the read timeout");
        }
        return Optional.of(body);
    }
}
