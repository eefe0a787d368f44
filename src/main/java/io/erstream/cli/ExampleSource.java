package io.erstream.cli;

import io.erstream.eval.CsvReader;
import io.erstream.eval.ExampleStream;
import io.erstream.eval.Generators;
import io.erstream.eval.HyperplaneGenerator;
import io.erstream.eval.IdxReader;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where examples come from, for the commands that read them: a CSV file or a built-in generator. */
final class ExampleSource {

    static final class Choice {
        @Option(names = "--data", paramLabel = "FILE", description = "CSV file (header row; .csv.gz too)")
        Path data;

        @Option(names = "--stream", paramLabel = "NAME",
                description = "built-in generator: sea, hyperplane, agrawal, rbf, stable; for evaluate also "
                        + "agrawal-events, agrawal-onehot, category-events (records through the application's encoding)")
        String stream;

        @Option(names = "--idx", paramLabel = "DIR",
                description = "MNIST-format directory: its test set (t10k-*), in file order")
        Path idx;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--n", defaultValue = "100000", description = "examples of --stream (default ${DEFAULT-VALUE})")
    long n;

    @Option(names = "--seed", defaultValue = "1", description = "seed of --stream (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--features", description = "number of features of the hyperplane or stable stream")
    Integer features;

    @Option(names = "--label", defaultValue = CsvReader.DEFAULT_LABEL_COLUMN,
            description = "label column of --data (default ${DEFAULT-VALUE})")
    String label;

    ExampleStream open(boolean regression) {
        if (choice.data != null) {
            return CsvReader.read(choice.data, label, regression).stream();
        }
        if (choice.idx != null) {
            if (regression) {
                throw new IllegalArgumentException("--idx data are class labels; use --task classification");
            }
            return IdxReader.readDirectory(choice.idx)[1].stream();
        }
        if (n < 1) {
            throw new IllegalArgumentException("--n must be at least 1, got " + n);
        }
        if (features == null) {
            return Generators.byName(choice.stream, n, seed);
        }
        return switch (choice.stream) {
            case "hyperplane" -> new HyperplaneGenerator(n, seed, features, features, 0.001, 0.05, 0.1);
            case "stable" -> HyperplaneGenerator.fixed(n, seed, features, 0.10);
            default -> throw new IllegalArgumentException("--features applies to the hyperplane and stable streams, "
                    + "not '" + choice.stream + "'");
        };
    }
}
