package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ checked as far as it can be without a cluster: every file parses, the objects refer to each
 * other by the right names and labels, and what the pods are told — ports, probe paths, settings, the state
 * directory, {@code application.server} — agrees with the code's constants and defaults.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestParsesAndTheFourKindsAreThere() throws IOException {
        Map<String, List<JsonNode>> kinds = byKind();

        assertEquals(1, kinds.getOrDefault("StatefulSet", List.of()).size(), "one StatefulSet");
        assertEquals(1, kinds.getOrDefault("ConfigMap", List.of()).size(), "one ConfigMap");
        assertEquals(1, kinds.getOrDefault("PodDisruptionBudget", List.of()).size(), "one PodDisruptionBudget");
        assertTrue(kinds.getOrDefault("Service", List.of()).stream().anyMatch(s -> "None".equals(
                s.at("/spec/clusterIP").asText())), "a headless Service");
        kinds.values().stream().flatMap(List::stream).forEach(object -> {
            assertFalse(object.path("apiVersion").asText().isEmpty(), "apiVersion of " + object.path("kind"));
            assertFalse(object.at("/metadata/name").asText().isEmpty(), "metadata.name of " + object.path("kind"));
        });
    }

    @Test
    void theStatefulSetsPodsAreNamedByTheHeadlessServiceWhichPublishesThemBeforeTheyAreReady() throws IOException {
        JsonNode set = only("StatefulSet");
        JsonNode headless = headless();

        assertEquals(headless.at("/metadata/name").asText(), set.at("/spec/serviceName").asText());
        assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean(),
                "pods forward queries to each other while not ready (rebalancing, restoring)");
    }

    @Test
    void everySelectorSelectsThePods() throws IOException {
        JsonNode labels = only("StatefulSet").at("/spec/template/metadata/labels");
        List<JsonNode> selectors = new ArrayList<>();
        selectors.add(only("StatefulSet").at("/spec/selector/matchLabels"));
        selectors.add(only("PodDisruptionBudget").at("/spec/selector/matchLabels"));
        byKind().get("Service").forEach(service -> selectors.add(service.at("/spec/selector")));

        for (JsonNode selector : selectors) {
            assertFalse(selector.isMissingNode() || selector.isEmpty(), "a selector is missing");
            selector.properties().forEach(e -> assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(),
                    "label " + e.getKey()));
        }
    }

    @Test
    void theProbesAndPortsAreTheOnesTheApplicationServes() throws IOException {
        JsonNode container = container();
        int httpPort = config().httpPort();

        assertEquals(StreamConfig.defaults().httpPort(), httpPort, "the ConfigMap keeps the default port");
        assertEquals(httpPort, container.at("/ports/0/containerPort").asInt());
        String portName = container.at("/ports/0/name").asText();
        assertEquals(MetricsServer.HEALTH_PATH, container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(MetricsServer.READY_PATH, container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(portName, container.at("/livenessProbe/httpGet/port").asText());
        assertEquals(portName, container.at("/readinessProbe/httpGet/port").asText());
        for (JsonNode service : byKind().get("Service")) {
            assertEquals(portName, service.at("/spec/ports/0/targetPort").asText());
        }
    }

    @Test
    void eachPodIsReachedByItsOwnDnsNameOnTheHttpPort() throws IOException {
        StreamConfig config = config();
        String server = config.streamsProperties().getProperty(StreamConfig.APPLICATION_SERVER);

        assertEquals("erstream-0." + headless().at("/metadata/name").asText() + ".prod.svc.cluster.local:"
                + config.httpPort(), server);
    }

    @Test
    void theStateDirectoryIsOnThePodsPersistentVolume() throws IOException {
        JsonNode set = only("StatefulSet");
        String claim = set.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        String mount = null;
        for (JsonNode m : container().path("volumeMounts")) {
            if (m.path("name").asText().equals(claim)) {
                mount = m.path("mountPath").asText();
            }
        }
        String stateDir = config().streamsProperties().getProperty("state.dir");

        assertTrue(mount != null, "the volume claim " + claim + " is mounted");
        assertTrue(stateDir.startsWith(mount + "/"), "state.dir " + stateDir + " is under " + mount);
    }

    @Test
    void theSettingsAreValidAndKeepAStandbyOfEveryStore() throws IOException {
        StreamConfig config = config();

        assertTrue(config.exactlyOnce());
        assertEquals(1, config.membership().standbys());
    }

    @Test
    void theMemoryLimitHoldsTheHeapAndRocksDbsCacheAndTheHeapHoldsTheModelCache() throws IOException {
        JsonNode container = container();
        StreamConfig config = config();
        long heap = 0;
        for (JsonNode part : container.path("command")) {
            if (part.asText().startsWith("-Xmx")) {
                heap = bytes(part.asText().substring(4));
            }
        }
        long limit = bytes(container.at("/resources/limits/memory").asText());

        assertTrue(heap > 0, "the heap is set with -Xmx");
        assertTrue(config.modelsCacheBytes() < heap / 2, "the model cache leaves half the heap for the rest");
        assertTrue(heap + config.rocksDbMemoryBytes() + (256L << 20) <= limit,
                "heap + RocksDB + 256 MiB for metaspace, stacks and buffers fit in the limit " + limit);
        assertEquals(container.at("/resources/limits/memory").asText(),
                container.at("/resources/requests/memory").asText(), "memory is requested as it is limited");
    }

    /** The ConfigMap's properties read with the StatefulSet's environment, as a pod named erstream-0 in prod. */
    private static StreamConfig config() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(only("ConfigMap").at("/data/erstream.properties").asText()));
        Map<String, String> environment = new HashMap<>(Map.of("POD_NAME", "erstream-0", "POD_NAMESPACE", "prod"));
        for (JsonNode variable : container().path("env")) {
            if (variable.has("value")) {
                String value = variable.path("value").asText();
                for (Map.Entry<String, String> known : Map.copyOf(environment).entrySet()) {
                    value = value.replace("$(" + known.getKey() + ")", known.getValue());
                }
                environment.put(variable.path("name").asText(), value);
            }
        }
        return StreamConfig.fromProperties(properties, environment);
    }

    private static JsonNode container() throws IOException {
        return only("StatefulSet").at("/spec/template/spec/containers/0");
    }

    private static JsonNode headless() throws IOException {
        return byKind().get("Service").stream().filter(s -> "None".equals(s.at("/spec/clusterIP").asText()))
                .findFirst().orElseThrow();
    }

    private static JsonNode only(String kind) throws IOException {
        List<JsonNode> objects = byKind().getOrDefault(kind, List.of());
        assertEquals(1, objects.size(), kind);
        return objects.get(0);
    }

    private static Map<String, List<JsonNode>> byKind() throws IOException {
        Map<String, List<JsonNode>> kinds = new HashMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<ObjectNode> documents = YAML.readerFor(ObjectNode.class)
                        .readValues(file.toFile())) {
                    while (documents.hasNext()) {
                        JsonNode object = documents.next();
                        kinds.computeIfAbsent(object.path("kind").asText(), k -> new ArrayList<>()).add(object);
                    }
                }
            }
        }
        return kinds;
    }

    /** Kubernetes quantities as this directory writes them: 1536Mi, 1g, 2Gi. */
    private static long bytes(String quantity) {
        String q = quantity.trim();
        long unit = q.endsWith("Gi") || q.endsWith("g") ? 1L << 30 : q.endsWith("Mi") || q.endsWith("m") ? 1L << 20
                : 1;
        return Long.parseLong(q.replaceAll("[^0-9]", "")) * unit;
    }
}
