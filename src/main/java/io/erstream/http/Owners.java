package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelKey;
import io.erstream.stream.ModelStore;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns a model key, from Kafka Streams' metadata ({@code application.server}), and the one hop
 * to it. Without {@code application.server} (a single instance) every key is local and nothing is forwarded.
 *
 * <p>A forwarded request carries {@link #FORWARDED_HEADER}, and the receiving instance never forwards it again:
 * during a rebalance two instances may each believe the other owns a key, and without the mark the request would
 * bounce between them. When the owner cannot answer (gone, restoring), the API asks the key's standbys instead
 * ({@link Remote#standbys()}), again once. Every hop (connect and answer) is bounded by {@code erstream.http.forward.timeout.ms}, the
 * caller's {@code Authorization} travels with it, and it uses https when this instance serves TLS.
 */
public final class Owners {

    /** Marks a request already forwarded once. */
    public static final String FORWARDED_HEADER = "X-Erstream-Forwarded";

    /** Where a key lives. */
    sealed interface Owner {
    }

    /**
     * This instance (or the only one): the key's store partition when the metadata says (so that a missing model is
     * looked for where it must be, and nowhere else), and the instances holding a standby copy of it.
     */
    record Local(OptionalInt partition, List<HostInfo> standbys) implements Owner {

        Local {
            standbys = List.copyOf(standbys);
        }

        Local() {
            this(OptionalInt.empty(), List.of());
        }
    }

    /**
     * Another instance, and the instances holding a standby copy of the key's store partition, which can answer
     * (stale) when the owner cannot.
     */
    record Remote(HostInfo host, List<HostInfo> standbys) implements Owner {

        Remote {
            standbys = List.copyOf(standbys);
        }

        Remote(HostInfo host) {
            this(host, List.of());
        }
    }

    /** Not known right now (rebalancing, not started): ask again shortly. */
    record Unknown(String reason) implements Owner {
    }

    /** The answer headers that travel back with a relayed answer: when to retry, and whether it is stale. */
    static final List<String> RELAYED_HEADERS = List.of("Retry-After", ModelsApi.STALE_HEADER, ModelsApi.LAG_HEADER);

    /** An answer relayed from another instance, with those of its headers in {@link #RELAYED_HEADERS}. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Owner> lookup;
    private final Supplier<List<HostInfo>> peers;
    private final String scheme;
    private final Duration timeout;
    private final HttpClient client;

    /** @param self this instance's {@code application.server}, or null when not set */
    public Owners(KafkaStreams streams, HostInfo self, StreamConfig.Http settings) {
        this(key -> owner(streams, self, key), () -> peers(streams, self), settings);
    }

    /**
     * Owners from a lookup of a key's owner and of the other instances; the public constructor takes both from
     * Kafka Streams' metadata.
     */
    Owners(Function<String, Owner> lookup, Supplier<List<HostInfo>> peers, StreamConfig.Http settings) {
        this.lookup = lookup;
        this.peers = peers;
        this.scheme = settings.tls() ? "https" : "http";
        this.timeout = settings.forwardTimeout();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls()) {
            builder.sslContext(TlsContexts.client(settings.keystore(), settings.keystorePassword()));
        }
        this.client = builder.build();
    }

    /** A single instance: every key is local. */
    public static Owners single() {
        return new Owners(key -> new Local(), List::of, StreamConfig.defaults().http());
    }

    /** The owner of {@code key} by the current metadata. */
    Owner of(String key) {
        return lookup.apply(key);
    }

    private static Owner owner(KafkaStreams streams, HostInfo self, String key) {
        if (self == null || streams == null) {
            return new Local();
        }
        KeyQueryMetadata metadata;
        try {
            // partitioned by the record key's bytes, which a model key names one to one (ModelKey)
            metadata = streams.queryMetadataForKey(ModelStore.NAME, key, (topic, k) -> ModelKey.bytes(k));
        } catch (RuntimeException e) { // not started yet, or shutting down
            return new Unknown("owner metadata unavailable (" + streams.state() + ")");
        }
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.activeHost() == null) {
            return new Unknown("owner of the key unknown while the group rebalances");
        }
        List<HostInfo> standbys = metadata.standbyHosts().stream().filter(host -> !host.equals(self)).toList();
        if (metadata.activeHost().equals(self)) {
            return new Local(OptionalInt.of(metadata.partition()), standbys);
        }
        return new Remote(metadata.activeHost(), standbys);
    }

    /** Asks {@code owner} once; a failure or timeout becomes a 502 or 504 with {@code Retry-After}. */
    Response forward(HostInfo owner, String pathAndQuery, byte[] postBody, String authorization) {
        HttpRequest.Builder request = request(owner, pathAndQuery, authorization);
        if (postBody != null) {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(postBody)).header("Content-Type", "application/json");
        }
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            String type = response.headers().firstValue("Content-Type").orElse("application/json");
            Map<String, String> relayed = new LinkedHashMap<>();
            RELAYED_HEADERS.forEach(name -> response.headers().firstValue(name).ifPresent(v -> relayed.put(name, v)));
            return new Response(response.statusCode(), type, response.body(), relayed);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return failure(504, "owner " + owner + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) { // the client's own timeout, a hair before ours
                return failure(504, "owner " + owner + " did not answer within " + timeout.toMillis() + " ms");
            }
            return failure(502, "owner " + owner + " could not be asked: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return failure(503, "interrupted");
        }
    }

    /**
     * Up to {@code limit} model keys after {@code after} (null: from the first) of each other instance
     * ({@code GET /models?local=true&limit=&after=} on each, all at once, within one forward timeout); an instance
     * that does not answer in time contributes nothing.
     */
    List<String> remoteKeys(String after, int limit, String authorization) {
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        String page = "/models?local=true&limit=" + limit + (after == null ? "" : "&after=" + PathKeys.encode(after));
        for (HostInfo peer : peers.get()) {
            answers.add(client.sendAsync(request(peer, page, authorization).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
            try {
                HttpResponse<byte[]> response = answer.get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (response.statusCode() == 200) {
                    JSON.readTree(response.body()).path("models").forEach(node -> keys.add(node.asText()));
                }
            } catch (TimeoutException | ExecutionException | IOException e) {
                answer.cancel(true); // its models reappear when it answers again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return keys;
    }

    /** The other instances serving the model store; none without metadata (not started, shutting down). */
    private static List<HostInfo> peers(KafkaStreams streams, HostInfo self) {
        List<HostInfo> peers = new ArrayList<>();
        if (self == null || streams == null) {
            return peers;
        }
        try {
            streams.streamsMetadataForStore(ModelStore.NAME).forEach(metadata -> {
                if (!metadata.hostInfo().equals(self)) {
                    peers.add(metadata.hostInfo());
                }
            });
        } catch (RuntimeException e) {
            peers.clear(); // this instance's keys only, until the metadata is back
        }
        return peers;
    }

    private HttpRequest.Builder request(HostInfo host, String pathAndQuery, String authorization) {
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header(FORWARDED_HEADER, "1");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static Response failure(int status, String message) {
        byte[] body = JSON.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        return new Response(status, "application/json", body, Map.of("Retry-After", "1"));
    }
}
