package io.erstream.cli;

import io.erstream.eval.CsvReader;
import io.erstream.eval.Dataset;
import io.erstream.eval.IdxReader;
import io.erstream.eval.Standardization;
import io.erstream.learn.BatchReflection;
import io.erstream.learn.LinearModel;
import io.erstream.learn.ModelCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code erstream fit}: batch ER on a train/test pair, with the reference semantics of ER.md §2–3. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Batch Expectation Reflection on a train/test pair.",
            "The last line is one JSON object: trainAccuracy, testAccuracy, iterations (RMSE for regression)."})
final class FitCommand implements Callable<Integer> {

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
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

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

    @Override
    public Integer call() {
        boolean regression = task == TaskName.regression;
        Dataset[] data = load(regression);
        Dataset train = data[0];
        Dataset test = data[1];
        if (test.dimension() != train.dimension()) {
            throw new IllegalArgumentException("test has " + test.dimension() + " features, train has "
                    + train.dimension());
        }
        Standardization scaling = noStandardize ? null : Standardization.fit(train.x);
        double[][] trainX = scaling == null ? train.x : scaling.apply(train.x);
        double[][] testX = scaling == null ? test.x : scaling.apply(test.x);
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

    private Dataset[] load(boolean regression) {
        if (source.idx != null) {
            if (regression) {
                throw new IllegalArgumentException("--idx data are class labels; use --task classification");
            }
            return IdxReader.readDirectory(source.idx);
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
