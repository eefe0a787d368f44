package io.erstream.cli;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftAwareLearner;
import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftWatch;
import io.erstream.eval.ExampleStream;
import io.erstream.eval.LabelSwap;
import io.erstream.eval.PrequentialEvaluation;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.ModelFormatException;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.WarmStart;
import io.erstream.learn.WarmStartedLearner;
import io.erstream.learn.research.NonlinearReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erstream evaluate}: prequential accuracy and speed of online ER on a file or a built-in stream. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Prequential (test-then-train) evaluation of online ER.",
            "The last line is one JSON object: examples, accuracy, kappa, logLoss, examplesPerSecond",
            "(with --warm-start also frozenAccuracy, warmStart, hidden; with --swap-labels the accuracies before",
            "and after the swap)."})
final class EvaluateCommand implements Callable<Integer> {

    /** Beyond this many, drifts are counted but not printed one by one. */
    private static final int MAX_DRIFT_LINES = 1000;

    @Mixin
    ExampleSource source;

    @Option(names = "--task", defaultValue = "classification",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TaskName task;

    @Option(names = "--window", defaultValue = "1000", description = "rolling-accuracy window (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--progress-every", description = "progress line every N examples (default: a tenth of the run)")
    Long progressEvery;

    @Mixin
    LearnerOptions learner;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "draw rolling accuracy over time, with the detected drifts")
    Path plot;

    @Option(names = "--drift-policy", defaultValue = "reset-covariance",
            description = "none, reset-covariance, reset-model, warn-then-swap (default ${DEFAULT-VALUE})")
    String driftPolicy;

    @Option(names = "--learner", defaultValue = "linear",
            description = "linear (online ER) or nonlinear (online ER over a feature layer, in the leaves of a "
                    + "Hoeffding-style partition; classification) (default ${DEFAULT-VALUE})")
    String learnerKind;

    @Option(names = "--detector", defaultValue = "hddm-bernstein",
            description = "adwin, page-hinkley, ddm, hddm-a, hddm-bernstein (default ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--warm-start", paramLabel = "FILE",
            description = "start from this warm start (fit --model mlp --save FILE): online ER adapts its output layer"
                    + " behind its frozen hidden layer; also reports frozenAccuracy, the network never updated")
    Path warmStartFile;

    @Option(names = "--swap-labels", paramLabel = "A,B", split = ",",
            description = "a concept change: swap the labels of classes A and B (indexes) from --swap-from on")
    int[] swapLabels;

    @Option(names = "--swap-from", paramLabel = "N", defaultValue = "0",
            description = "first example (0-based) of --swap-labels (default ${DEFAULT-VALUE})")
    long swapFrom;

    @Option(names = "--strings", defaultValue = "vocabulary",
            description = "agrawal-events, category-events: how strings are encoded, vocabulary or hashing (default ${DEFAULT-VALUE})")
    String strings;

    @Option(names = "--categories", defaultValue = "32",
            description = "agrawal-events, category-events: erstream.features.categories.max (default ${DEFAULT-VALUE})")
    int categories;

    @Option(names = "--missing", defaultValue = "0.1",
            description = "agrawal-events, agrawal-onehot, category-events: share of fields absent (default ${DEFAULT-VALUE})")
    double missing;

    @Option(names = "--function", defaultValue = "3",
            description = "agrawal-events and agrawal-onehot: Agrawal function, 1 to 10 (default ${DEFAULT-VALUE}: "
                    + "by age band and education level)")
    int function;

    private WarmStart warmStart;

    /** The examples, with the requested concept change. */
    private ExampleStream open(boolean regression) {
        ExampleStream examples = source.open(regression);
        if (swapLabels == null) {
            return examples;
        }
        if (swapLabels.length != 2) {
            throw new IllegalArgumentException("--swap-labels takes two class indexes, A,B");
        }
        if (examples.size() > 0 && swapFrom >= examples.size()) {
            throw new IllegalArgumentException("--swap-from " + swapFrom + " is past the last example ("
                    + examples.size() + " examples)");
        }
        return new LabelSwap(examples, swapLabels[0], swapLabels[1], swapFrom);
    }

    @Override
    public Integer call() throws IOException {
        if (source.choice.stream != null && GeneratedRecords.NAMES.contains(source.choice.stream)) {
            System.out.println(new GeneratedRecords(source, learner, function, missing, strings, categories)
                    .evaluate(detector, driftPolicy));
            return 0;
        }
        boolean regression = task == TaskName.regression;
        ExampleStream examples = open(regression);
        LearnerSpec spec = learner.spec(regression, examples.classes());
        Double frozen = null;
        PhaseAccuracy frozenPhases = new PhaseAccuracy(swapFrom);
        PhaseAccuracy phases = new PhaseAccuracy(swapFrom);
        if (warmStartFile != null) {
            warmStart = readWarmStart(warmStartFile, regression, examples.dimension(), spec.classes());
            OnlineLearner network = new WarmStartedLearner(warmStart.hiddenLayer(), warmStart.learner(spec));
            frozen = new PrequentialEvaluation(window, 0, null, frozenPhases).run(open(regression),
                    new Frozen(network)).accuracy();
            System.err.printf(Locale.ROOT, "frozen network: accuracy=%.4f%n", frozen);
        }
        List<Long> drifts = new ArrayList<>();
        OnlineLearner model = learner(spec, examples.dimension(), regression, drifts);
        long size = examples.size();
        long every = progressEvery != null ? progressEvery : Math.max(1, size > 0 ? size / 10 : 100_000);
        AccuracyCurve curve = plot == null || regression ? null : new AccuracyCurve(window, size);
        PrequentialEvaluation.Observer observer = curve == null ? phases : (index, right) -> {
            curve.scored(index, right);
            phases.scored(index, right);
        };
        PrequentialEvaluation evaluation = new PrequentialEvaluation(window, every, this::progress,
                regression ? curve : observer);
        PrequentialEvaluation.Snapshot result = evaluation.run(examples, model,
                () -> learner(spec, examples.dimension(), regression, new ArrayList<>()));
        if (curve != null) {
            AccuracyPlot.write(plot, examples.name() + ": rolling accuracy (last " + window + "), detected drifts",
                    curve.index(), curve.accuracy(), drifts.stream().mapToLong(Long::longValue).toArray());
        }
        Json json = result(result, regression).put("drifts", regression ? null : drifts.size());
        if (swapLabels != null) {
            json.put("accuracyBeforeSwap", Json.round(phases.before(), 6))
                    .put("accuracyAfterSwap", Json.round(phases.after(), 6));
        }
        if (frozen != null) {
            json.put("frozenAccuracy", Json.round(frozen, 6));
            if (swapLabels != null) {
                json.put("frozenAccuracyBeforeSwap", Json.round(frozenPhases.before(), 6))
                        .put("frozenAccuracyAfterSwap", Json.round(frozenPhases.after(), 6));
            }
            json.put("warmStart", warmStartFile.toString()).put("hidden", warmStart.hidden());
        }
        System.out.println(json);
        return 0;
    }

    private static WarmStart readWarmStart(Path file, boolean regression, int dimension, int classes)
            throws IOException {
        if (regression) {
            throw new IllegalArgumentException("--warm-start classifies; use --task classification");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--warm-start " + file + ": no such file");
        }
        WarmStart warm;
        try {
            warm = ModelCodec.decodeWarmStart(Files.readAllBytes(file));
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("--warm-start " + file + ": " + e.getMessage(), e);
        }
        if (warm.dimension() != dimension || warm.classes() != classes) {
            throw new IllegalArgumentException("--warm-start " + file + " reads " + warm.dimension() + " features into "
                    + warm.classes() + " classes; the data have " + dimension + " features and " + classes
                    + " classes");
        }
        return warm;
    }

    /** A learner that predicts and never learns: the frozen network a warm start is compared with. */
    private record Frozen(OnlineLearner inner) implements OnlineLearner {
        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public int classes() {
            return inner.classes();
        }

        @Override
        public io.erstream.learn.Task task() {
            return inner.task();
        }

        @Override
        public void predictProba(double[] x, double[] out) {
            inner.predictProba(x, out);
        }

        @Override
        public double predictValue(double[] x) {
            return inner.predictValue(x);
        }

        @Override
        public boolean learnOne(double[] x, int label) {
            return true;
        }

        @Override
        public boolean learnOne(double[] x, double target) {
            return true;
        }

        @Override
        public long updates() {
            return 0;
        }

        @Override
        public long refused() {
            return 0;
        }
    }

    /** Online ER, drift-aware for classifiers (regression has no misclassification to watch). */
    private OnlineLearner learner(LearnerSpec spec, int dimension, boolean regression, List<Long> drifts) {
        switch (learnerKind) {
            case "linear" -> {
                return linear(spec, dimension, regression, drifts);
            }
            case "nonlinear" -> {
                if (warmStart != null) {
                    throw new IllegalArgumentException("--warm-start adapts online ER's output layer; use --learner "
                            + "linear");
                }
                if (regression) {
                    throw new IllegalArgumentException("--learner nonlinear classifies; use --learner linear for "
                            + "regression");
                }
                NonlinearReflection nonlinear = NonlinearReflection.withDefaults(spec, dimension, 1);
                if (DriftPolicy.of(driftPolicy) == DriftPolicy.NONE) {
                    return nonlinear;
                }
                if (DriftPolicy.of(driftPolicy) != DriftPolicy.RESET_COVARIANCE) {
                    throw new IllegalArgumentException("--learner nonlinear answers drift with reset-covariance "
                            + "(or none), not " + driftPolicy);
                }
                DriftWatch watched = new DriftWatch(nonlinear, nonlinear::resetCovariance,
                        Detectors.byName(detector));
                watched.onDrift(index -> recordDrift(drifts, index));
                return watched;
            }
            default -> throw new IllegalArgumentException("unknown --learner '" + learnerKind
                    + "'; valid: linear, nonlinear");
        }
    }

    private static void recordDrift(List<Long> drifts, long index) {
        drifts.add(index);
        if (drifts.size() <= MAX_DRIFT_LINES) {
            System.err.println("drift detected at example " + index);
        }
    }

    private OnlineLearner linear(LearnerSpec spec, int dimension, boolean regression, List<Long> drifts) {
        if (warmStart != null) {
            DriftAwareLearner output = new DriftAwareLearner(warmStart.learner(spec), warmStart,
                    Detectors.byName(detector), DriftPolicy.of(driftPolicy));
            output.onDrift(index -> recordDrift(drifts, index));
            return new WarmStartedLearner(warmStart.hiddenLayer(), output);
        }
        if (regression) {
            return new OnlineReflection(spec, dimension);
        }
        DriftAwareLearner aware = new DriftAwareLearner(spec, dimension, Detectors.byName(detector),
                DriftPolicy.of(driftPolicy));
        aware.onDrift(index -> recordDrift(drifts, index));
        return aware;
    }

    private void progress(PrequentialEvaluation.Snapshot s) {
        if (Double.isNaN(s.accuracy())) {
            System.err.printf(Locale.ROOT, "examples=%d rmse=%.4f%n", s.examples(), s.rmse());
        } else {
            System.err.printf(Locale.ROOT, "examples=%d accuracy=%.4f rolling=%.4f%n", s.examples(), s.accuracy(),
                    s.rollingAccuracy());
        }
    }

    private static Json result(PrequentialEvaluation.Snapshot s, boolean regression) {
        Json json = new Json().put("examples", s.examples());
        if (regression) {
            json.put("rmse", Json.round(s.rmse(), 6)).put("mae", Json.round(s.mae(), 6));
        } else {
            json.put("accuracy", Json.round(s.accuracy(), 6)).put("kappa", Json.round(s.kappa(), 6))
                    .put("logLoss", Json.round(s.logLoss(), 6));
        }
        return json.put("refused", s.refused()).put("examplesPerSecond", Math.round(s.examplesPerSecond()));
    }
}
