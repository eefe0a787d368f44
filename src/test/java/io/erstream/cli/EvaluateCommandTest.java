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

    /**
     * A warm start from WarmStartFixture's network, evaluated on 4,000 seeded blob rows whose classes 0 and 1 swap at
     * row 2,000. Measured: before the swap frozen 0.926, adapting 0.925; after it frozen 0.302, adapting 0.9025.
     */
    @Test
    void warmStartReportsTheFrozenNetworkBesideTheAdaptingOneAroundALabelSwap(@TempDir Path dir) throws IOException {
        io.erstream.learn.WarmStartFixture fixture = io.erstream.learn.WarmStartFixture.small();
        Path warm = dir.resolve("blobs.warm");
        Files.write(warm, io.erstream.learn.ModelCodec.encode(fixture.warmStart));
        double[][][] xs = new double[1][][];
        int[][] ys = new int[1][];
        io.erstream.learn.WarmStartFixture.blobs(4000, 7, xs, ys);
        StringBuilder text = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 4000; i++) {
            for (double v : xs[0][i]) {
                text.append(v).append(',');
            }
            text.append(ys[0][i]).append('\n');
        }
        Path data = dir.resolve("blobs.csv");
        Files.writeString(data, text);
        CommandRunner.Result r = CommandRunner.run("evaluate", "--data", data.toString(), "--warm-start",
                warm.toString(), "--swap-labels", "0,1", "--swap-from", "2000");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        assertEquals(16, json.get("hidden").asInt());
        double frozenAfter = json.get("frozenAccuracyAfterSwap").asDouble();
        double adaptingAfter = json.get("accuracyAfterSwap").asDouble();
        assertTrue(adaptingAfter > frozenAfter + 0.3, json.toString());
        assertTrue(json.get("accuracyBeforeSwap").asDouble() > json.get("frozenAccuracyBeforeSwap").asDouble() - 0.02,
                json.toString());
    }

    @Test
    void aWarmStartOfAnotherShapeFailsNamingTheFileAndBothShapes(@TempDir Path dir) throws IOException {
        Path warm = dir.resolve("blobs.warm");
        Files.write(warm, io.erstream.learn.ModelCodec.encode(io.erstream.learn.WarmStartFixture.small().warmStart));
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "sea", "--n", "100", "--warm-start",
                warm.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(warm.toString()) && r.err().contains("4 features into 3 classes")
                && r.err().contains("3 features and 2 classes"), r.err());
    }
}
