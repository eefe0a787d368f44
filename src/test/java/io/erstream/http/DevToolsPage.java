package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page open in headless chromium that a test drives as a user would, through the DevTools protocol (the browser's
 * own remote control, over the JDK's WebSocket client): it evaluates script in the page, such as filling in a form
 * and clicking its button, and reads the result back. Unlike {@link HeadlessChromium}'s runs, time here is real.
 */
final class DevToolsPage implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_WITHIN = Duration.ofSeconds(30);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private final Process browser;
    private final Path profile;
    private final Path log;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending;
    private final AtomicInteger ids = new AtomicInteger();

    private DevToolsPage(Process browser, Path profile, Path log, WebSocket socket,
                         Map<Integer, CompletableFuture<JsonNode>> pending) {
        this.browser = browser;
        this.profile = profile;
        this.log = log;
        this.socket = socket;
        this.pending = pending;
    }

    /** Opens {@code page} in a new headless browser and connects to its tab. */
    static DevToolsPage open(URI page) throws Exception {
        HeadlessChromium.requireInstalled();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path profile = Files.createTempDirectory("erstream-chromium-profile");
        Path log = Files.createTempFile("erstream-chromium", ".log");
        List<String> command = HeadlessChromium.command(profile);
        command.add("--remote-debugging-port=" + port);
        command.add(page.toString());
        Process browser = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String target = pageTarget(port, page, log);
            Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(target), new Replies(pending)).get(10, TimeUnit.SECONDS);
            DevToolsPage opened = new DevToolsPage(browser, profile, log, socket, pending);
            opened.awaitLoaded(page);
            return opened;
        } catch (Exception | AssertionError e) {
            stop(browser);
            HeadlessChromium.deleteRecursively(profile);
            Files.deleteIfExists(log);
            throw e;
        }
    }

    /**
     * The value of {@code expression} evaluated in the page, as text; a promise is awaited. A script error fails the
     * test with the browser's description of it.
     */
    String evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode call = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
        call.putObject("params").put("expression", expression).put("awaitPromise", true).put("returnByValue", true);
        socket.sendText(JSON.writeValueAsString(call), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        JsonNode result = answer.path("result");
        if (answer.has("error") || result.has("exceptionDetails")) {
            throw new AssertionError("the page could not evaluate " + expression + ": " + answer);
        }
        return result.path("result").path("value").asText();
    }

    /**
     * Waits until the tab has loaded {@code page}: the browser lists the tab while it still navigates, and script
     * evaluated then dies with the document it ran in.
     */
    private void awaitLoaded(URI page) throws Exception {
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                last = evaluate("document.readyState + ' ' + location.href");
                if (last.equals("complete " + page)) {
                    return;
                }
            } catch (AssertionError navigating) {
                last = navigating.getMessage();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the tab did not load " + page + " within " + START_WITHIN + ": " + last);
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        stop(browser);
        HeadlessChromium.deleteRecursively(profile);
        Files.deleteIfExists(log);
    }

    /** The WebSocket address of the tab showing {@code page}, once the browser lists it. */
    private static String pageTarget(int port, URI page, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (JsonNode target : JSON.readTree(http.send(list, HttpResponse.BodyHandlers.ofString()).body())) {
                    if ("page".equals(target.path("type").asText())
                            && target.path("url").asText().startsWith(page.toString())) {
                        return target.get("webSocketDebuggerUrl").asText();
                    }
                }
            } catch (IOException notListeningYet) {
                // the browser is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("chromium listed no tab for " + page + " within " + START_WITHIN + ": "
                + HeadlessChromium.tail(log));
    }

    private static void stop(Process browser) {
        browser.descendants().forEach(ProcessHandle::destroy);
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands each complete reply to the call with its id; events (no id) are ignored. */
    private static final class Replies implements WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> pending;
        private final StringBuilder message = new StringBuilder();

        Replies(Map<Integer, CompletableFuture<JsonNode>> pending) {
            this.pending = pending;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode reply = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.remove(reply.get("id").asInt())
                            : null;
                    if (waiting != null) {
                        waiting.complete(reply);
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    message.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
