package io.erstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docker-compose stack is valid for docker-compose and wires what the dashboards expect. */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");

    @Test
    void theStacksApplicationConfigIsValidAndServesOnTheScrapedPort() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(Path.of("src/main/docker/erstream.properties"))) {
            properties.load(reader);
        }
        io.erstream.stream.StreamConfig config = io.erstream.stream.StreamConfig.fromProperties(properties,
                java.util.Map.of("ERSTREAM_BOOTSTRAP_SERVERS", "kafka:9092"));
        org.junit.jupiter.api.Assertions.assertEquals(8080, config.httpPort());
        org.junit.jupiter.api.Assertions.assertEquals("kafka:9092", config.bootstrapServers());
        org.junit.jupiter.api.Assertions.assertTrue(
                java.nio.file.Files.readString(Path.of("dashboards/prometheus/prometheus.yml")).contains("erstream:8080"));
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Process process = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
    }

    @Test
    void theStackHasItsSixServicesWithPinnedImages() throws Exception {
        JsonNode services = compose().path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);

        assertEquals(Set.of("erstream", "grafana", "kafka", "producer", "prometheus", "topics"), names);
        for (String name : names) {
            String image = services.path(name).path("image").asText();
            assertTrue(image.contains(":") && !image.endsWith(":latest"), name + " pins its image: " + image);
        }
        assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:"));
    }

    @Test
    void prometheusScrapesTheErstreamServiceOnTheExposedPort() throws Exception {
        String prometheus = Files.readString(Path.of("dashboards", "prometheus", "prometheus.yml"));
        JsonNode erstream = compose().path("services").path("erstream");

        assertTrue(prometheus.contains("erstream:8080"));
        assertEquals("8080:8080", erstream.path("ports").get(0).asText());
        assertEquals("kafka:9092", erstream.path("environment").path("ERSTREAM_BOOTSTRAP_SERVERS").asText());
    }

    @Test
    void everyMountedPathExists() throws Exception {
        for (JsonNode service : compose().path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                assertTrue(new File(source).exists(), "mounted " + source);
            }
        }
        assertFalse(Files.readString(Path.of("Dockerfile")).contains(":latest"));
    }

    private static JsonNode compose() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
    }
}
