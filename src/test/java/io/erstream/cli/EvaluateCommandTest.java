package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lastLineIsOneJsonObjectWithTheAgreedFields() throws IOException {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "sea", "--n", "5000");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertEquals(5000, json.get("examples").asLong());
        for (String field : new String[] {"accuracy", "kappa", "logLoss", "examplesPerSecond"}) {
            assertTrue(json.has(field), field + " missing in " + json);
        }
        assertTrue(json.get("accuracy").asDouble() > 0.8, json.toString());
    }

    @Test
    void progressLinesGoToStandardError() {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "hyperplane", "--n", "20000",
                "--progress-every", "8192");
        assertTrue(r.err().contains("examples=8192 accuracy="), r.err());
        assertTrue(r.err().contains("rolling="), r.err());
    }

    @Test
    void evaluatesACsvFileWithStringLabels() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            csv.append(a).append(',').append(b).append(',').append(a > b ? "spam" : "ham").append('\n');
        }
        Path file = dir.resolve("train.csv");
        Files.writeString(file, csv);
        CommandRunner.Result r = CommandRunner.run("evaluate", "--data", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(JSON.readTree(r.lastLine()).get("accuracy").asDouble() > 0.9);
    }

    @Test
    void raggedCsvFailsWithFileLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "a,b,label\n1,2,0\n3,1\n");
        CommandRunner.Result r = CommandRunner.run("evaluate", "--data", file.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("bad.csv line 3, column 3"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unknownStreamFailsWithExitCodeOneListingValidNames() {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "nope");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("sea, hyperplane"), r.err());
    }

    @Test
    void unknownLearnerFailsWithExitCodeOneListingValidNames() {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "sea", "--n", "100", "--learner", "tree");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unknown --learner 'tree'; valid: linear, nonlinear"), r.err());
    }

    @Test
    void missingSourceIsBadUsageWithExitCodeTwo() {
        assertEquals(2, CommandRunner.run("evaluate").exitCode());
        assertEquals(2, CommandRunner.run("evaluate", "--stream", "sea", "--task", "clustering").exitCode());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"evaluate", "fit"}) {
            CommandRunner.Result r = CommandRunner.run(command, "--help");
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("Usage: erstream " + command), r.out());
        }
    }
}
