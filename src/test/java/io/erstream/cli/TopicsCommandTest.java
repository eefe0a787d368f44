package io.erstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage errors are caught before any cluster is contacted (so these need no broker). */
class TopicsCommandTest {

    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void withoutBootstrapServersItIsAUsageError() {
        TopicsRun run = TopicsRun.of();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--bootstrap-servers"), run.err());
    }

    @Test
    void aReplicationFactorBelowOneIsAUsageError() {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", NOWHERE, "--replication-factor", "0");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--replication-factor must be at least 1"), run.err());
    }

    @Test
    void aMissingCatalogFileIsAUsageErrorNamingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        TopicsRun run = TopicsRun.of("--bootstrap-servers", NOWHERE, "--file", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(file.toString()), run.err());
    }

    @Test
    void anInvalidCatalogIsAUsageErrorNamingTheTopicAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "topics:\n  - {name: t1, partitions: zero}\n");
        TopicsRun run = TopicsRun.of("--bootstrap-servers", NOWHERE, "--file", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("'t1'") && run.err().contains("'partitions'"), run.err());
    }

    @Test
    void anUnreadableCommandConfigIsAUsageError(@TempDir Path dir) {
        TopicsRun run = TopicsRun.of("--bootstrap-servers", NOWHERE,
                "--command-config", dir.resolve("client.properties").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--command-config"), run.err());
    }
}
