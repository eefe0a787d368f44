package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns a model key, from Kafka Streams' metadata ({@code application.server}), and the one hop
 * to it. Without {@code application.server} (a single instance) every key is local and nothing is forwarded.
 */
public final class Owners {

    /** An answer relayed from the owning instance. */
    public record Response(int status, String contentType, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param self this instance's {@code application.server}, or null when not set */
    public Owners(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Forwards to the owner of {@code key} if that is another instance; empty when local or unknown. */
    Optional<Response> forward(String key, String pathAndQuery, byte[] postBody) {
        HostInfo owner = owner(key);
        if (owner == null) {
            return Optional.empty();
        }
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (postBody != null) {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(postBody)).header("Content-Type", "application/json");
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("application/json");
            return Optional.of(new Response(response.statusCode(), type, response.body()));
        } catch (IOException e) {
            return Optional.of(new Response(502, "application/json",
                    ("{\"error\":\"owner " + owner + " of '" + key + "' did not answer\"}").getBytes()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Model keys served by the other instances ({@code GET /models?local=true} on each). */
    List<String> remoteKeys() {
        List<String> keys = new ArrayList<>();
        if (self == null || streams == null) {
            return keys;
        }
        streams.streamsMetadataForStore(ModelStore.NAME).forEach(metadata -> {
            HostInfo host = metadata.hostInfo();
            if (!host.equals(self)) {
                keys.addAll(fetchKeys(host));
            }
        });
        return keys;
    }

    private List<String> fetchKeys(HostInfo host) {
        List<String> keys = new ArrayList<>();
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/models?local=true");
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode array = JSON.readTree(response.body());
            array.forEach(node -> keys.add(node.asText()));
        } catch (IOException e) {
            // an unreachable instance contributes nothing; its models reappear when it answers again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return keys;
    }

    private HostInfo owner(String key) {
        if (self == null || streams == null) {
            return null;
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(ModelStore.NAME, key, Serdes.String().serializer());
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
            return null;
        }
        HostInfo owner = metadata.activeHost();
        return owner == null || owner.equals(self) ? null : owner;
    }
}
