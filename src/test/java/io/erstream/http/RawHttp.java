package io.erstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for requests a real client refuses to send: malformed URLs, and bytes trickled one
 * at a time like a slow or hostile client.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a whole request of this text at once. */
    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** The status code of the answer, reading the whole answer (headers and a Content-Length body). */
    int status() throws IOException {
        String line = line();
        if (line == null) {
            throw new IOException("connection closed without an answer");
        }
        long length = 0;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).strip());
            }
        }
        in.readNBytes((int) length);
        return Integer.parseInt(line.split(" ")[1]);
    }

    /** One line of the answer, or null when the server closed the connection first. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return b == -1 && line.length() == 0 ? null : line.toString();
    }

    /** Whether the server closed the connection (end of stream or reset) within the socket timeout. */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() != -1) {
                // an answer (408) before the close is fine: the connection ends either way
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Writes one byte; false if the server has closed the connection. */
    boolean trickle(char c) {
        try {
            out.write(c);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
