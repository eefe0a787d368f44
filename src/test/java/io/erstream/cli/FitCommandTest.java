package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.learn.LinearModel;
import io.erstream.learn.ModelCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path csv(String name, int rows, long seed, boolean regression) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian() * 10 + 50;
            double b = random.nextGaussian();
            double c = random.nextGaussian() * 0.01;
            String label = regression ? Double.toString(2 * b - 0.1 * a) : (b + (a - 50) / 10 > 0 ? "1" : "0");
            text.append(a).append(',').append(b).append(',').append(c).append(',').append(label).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void reportsTrainAndTestAccuracyAndIterations() throws IOException {
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 800, 1, false).toString(),
                "--test", csv("test.csv", 200, 2, false).toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertTrue(json.get("testAccuracy").asDouble() > 0.95, json.toString());
        assertTrue(json.get("trainAccuracy").asDouble() > 0.95, json.toString());
        assertTrue(json.get("iterations").asInt() >= 1, json.toString());
    }

    @Test
    void regressionReportsRmse() throws IOException {
        CommandRunner.Result r = CommandRunner.run("fit", "--task", "regression",
                "--train", csv("train.csv", 500, 3, true).toString(), "--test", csv("test.csv", 100, 4, true).toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(JSON.readTree(r.lastLine()).get("testRmse").asDouble() < 0.05, r.out());
    }

    @Test
    void savedModelTakesRawInputsAndPredictsLikeTheFit() throws IOException {
        Path model = dir.resolve("model.ersm");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 800, 5, false).toString(),
                "--test", csv("test.csv", 200, 6, false).toString(), "--model-out", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        LinearModel loaded = ModelCodec.decodeLinear(Files.readAllBytes(model));
        double[] scratch = new double[1];
        assertEquals(1, loaded.predictClass(new double[] {70, 1, 0}, scratch));
        assertEquals(0, loaded.predictClass(new double[] {30, -1, 0}, scratch));
    }

    @Test
    void aTestLabelUnknownToTrainingFailsNamingTheLine() throws IOException {
        Path train = csv("train.csv", 100, 7, false);
        Path test = dir.resolve("test.csv");
        Files.writeString(test, "x1,x2,x3,label\n1,2,3,0\n1,2,3,7\n");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", train.toString(), "--test", test.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("test.csv") && r.err().contains("3"), r.err());
    }

    @Test
    void anEmptyFileFails() throws IOException {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", empty.toString(), "--test", empty.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("empty.csv"), r.err());
    }

    @Test
    void nonNumericFeatureFailsNamingLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x1,x2,label\n1,2,0\n1,abc,1\n");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", bad.toString(), "--test", bad.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.csv line 3, column 2 (x2)"), r.err());
    }

    @Test
    void trainWithoutTestIsBadUsage() throws IOException {
        assertEquals(2, CommandRunner.run("fit", "--train", csv("t.csv", 10, 8, false).toString()).exitCode());
    }

    @Test
    void multilayerReportsAccuracyPerIterationAndSavesAKind3Model() throws IOException {
        Path model = dir.resolve("mlp.ersm");
        CommandRunner.Result r = CommandRunner.run("fit", "--model", "mlp", "--hidden", "16", "--iterations", "2",
                "--train", csv("train.csv", 600, 11, false).toString(), "--test", csv("test.csv", 200, 12, false).toString(),
                "--model-out", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertEquals(2, json.get("accuracyPerIteration").size(), json.toString());
        assertTrue(json.get("testAccuracy").asDouble() > 0.9, json.toString());
        assertTrue(json.has("seconds"), json.toString());
        io.erstream.learn.MultilayerModel loaded = ModelCodec.decodeMultilayer(Files.readAllBytes(model));
        assertEquals(1, loaded.predictClass(new double[] {70, 1, 0}));
        assertEquals(0, loaded.predictClass(new double[] {30, -1, 0}));
    }

    @Test
    void mnistJsonDirectoryIsSplitBySeedAndFitted() throws Exception {
        Path digits = Path.of(FitCommandTest.class.getResource("/mnist-json/0.json").toURI()).getParent();
        CommandRunner.Result r = CommandRunner.run("fit", "--mnist-json", digits.toString(), "--mnist-train", "15");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertEquals(15, json.get("train").asInt(), json.toString());
        assertEquals(5, json.get("test").asInt(), json.toString());
        assertEquals(1.0, json.get("trainAccuracy").asDouble(), json.toString());
    }

    @Test
    void backpropReportsAccuracyPerEpoch() throws IOException {
        CommandRunner.Result r = CommandRunner.run("fit", "--model", "backprop", "--hidden", "16", "--epochs", "3",
                "--learning-rate", "0.01", "--train", csv("train.csv", 600, 13, false).toString(),
                "--test", csv("test.csv", 200, 14, false).toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertEquals(3, json.get("accuracyPerEpoch").size(), json.toString());
        assertTrue(json.get("testAccuracy").asDouble() > 0.9, json.toString());
    }

    @Test
    void badNetworkOptionsAreBadUsage() throws IOException {
        String train = csv("train.csv", 50, 15, false).toString();
        String test = csv("test.csv", 20, 16, false).toString();
        assertEquals(2, CommandRunner.run("fit", "--model", "mlp", "--hidden", "0", "--train", train, "--test", test)
                .exitCode());
        assertEquals(2, CommandRunner.run("fit", "--model", "mlp", "--iterations", "0", "--train", train, "--test",
                test).exitCode());
        assertEquals(2, CommandRunner.run("fit", "--model", "nonsense", "--train", train, "--test", test).exitCode());
    }

    @Test
    void mlpSaveWritesAWarmStartThatPredictsLikeTheSavedNetworkAndTheLastLineNamesIt() throws IOException {
        Path warm = dir.resolve("net.warm");
        Path net = dir.resolve("net.ersm");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 600, 11, false).toString(),
                "--test", csv("test.csv", 100, 12, false).toString(), "--model", "mlp", "--hidden", "8",
                "--iterations", "1", "--save", warm.toString(), "--model-out", net.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.lastLine());
        assertEquals(warm.toString(), json.get("warmStart").asText());
        io.erstream.learn.WarmStart loaded = ModelCodec.decodeWarmStart(Files.readAllBytes(warm));
        assertEquals(io.erstream.learn.WarmStart.hex(loaded.fingerprint()), json.get("warmStartFingerprint").asText());
        io.erstream.learn.MultilayerModel network = ModelCodec.decodeMultilayer(Files.readAllBytes(net));
        io.erstream.learn.OnlineLearner online = new io.erstream.learn.WarmStartedLearner(loaded.hiddenLayer(),
                loaded.learner(io.erstream.learn.LearnerSpec.classifier(2)));
        Random random = new Random(13);
        double[] p = new double[2];
        for (int i = 0; i < 200; i++) {
            double[] x = {random.nextGaussian() * 10 + 50, random.nextGaussian(), random.nextGaussian() * 0.01};
            online.predictProba(x, p);
            assertEquals(network.predictClass(x), io.erstream.learn.OnlineLearner.predictedClass(p), "row " + i);
        }
    }

    @Test
    void saveIntoAMissingDirectoryFailsBeforeTrainingNamingThePath() throws IOException {
        Path warm = dir.resolve("no-such-dir").resolve("net.warm");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 100, 14, false).toString(),
                "--test", csv("test.csv", 50, 15, false).toString(), "--model", "mlp", "--hidden", "4",
                "--save", warm.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--save " + warm) && r.err().contains("does not exist"), r.err());
    }

    @Test
    void saveIsForTheMultilayerModelOnly() throws IOException {
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 100, 16, false).toString(),
                "--test", csv("test.csv", 50, 17, false).toString(), "--save", dir.resolve("x.warm").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--save writes a warm start from --model mlp"), r.err());
    }

    @Test
    void saveRefusesASoftmaxOutputLayerBeforeTraining() throws IOException {
        Path warm = dir.resolve("softmax.warm");
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 100, 18, false).toString(),
                "--test", csv("test.csv", 50, 19, false).toString(), "--model", "mlp", "--hidden", "4",
                "--output", "SOFTMAX", "--save", warm.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--save needs --output ONE_VS_REST"), r.err());
        assertTrue(!Files.exists(warm), "nothing written");
    }

    @Test
    void patchesStartOnNonImageRowsFailsNamingTheFeatureCount() throws IOException {
        CommandRunner.Result r = CommandRunner.run("fit", "--train", csv("train.csv", 100, 20, false).toString(),
                "--test", csv("test.csv", 50, 21, false).toString(), "--model", "mlp", "--hidden", "4",
                "--init", "PATCHES");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("init PATCHES needs square images"), r.err());
    }
}
