package io.erstream.moa;

import com.yahoo.labs.samoa.instances.Attribute;
import com.yahoo.labs.samoa.instances.DenseInstance;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.Instances;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import io.erstream.drift.DriftAwareLearner;
import io.erstream.drift.DriftWatch;
import io.erstream.drift.HddmADetector;
import io.erstream.eval.Example;
import io.erstream.eval.ExampleStream;
import io.erstream.eval.Generators;
import io.erstream.eval.PrequentialEvaluation;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.research.NonlinearReflection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import moa.classifiers.AbstractClassifier;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.functions.Perceptron;
import moa.classifiers.trees.HoeffdingAdaptiveTree;
import moa.classifiers.trees.HoeffdingTree;

/**
 * Prequential accuracy and speed of erstream's online ER beside four MOA classifiers, in one JVM on
 * the same generated streams. Not part of the shipped jar: MOA (GPL-3) is on the test classpath of
 * the {@code moa} Maven profile only.
 *
 * <p>Run from the worktree root:
 * <pre>
 * mvn -B -q -Pmoa test-compile exec:exec
 * mvn -B -q -Pmoa test-compile exec:exec -Dmoa.args="N SEEDS [stream,...]"   (defaults: 100000 3 all)
 * </pre>
 *
 * <p>Protocol (the one {@link PrequentialEvaluation} uses): each stream is generated in full into
 * memory and, for MOA, converted to {@code DenseInstance}s <em>before</em> the timed loop; the timed
 * loop is test-then-train over every example (ER: {@code predictProba} + {@code learnOne}; MOA:
 * {@code getVotesForInstance} + {@code trainOnInstance}), scored by the argmax of the scores with
 * ties to the lowest class index (as {@code PrequentialMetrics} and MOA's {@code Utils.maxIndex}
 * do). Before a stream's timed runs, every learner makes one untimed run on seed 1 of that stream to
 * warm up the JIT. All learners use their defaults: ER {@code LearnerSpec.classifier(classes)}, MOA
 * as constructed (random seed 1 where randomisable). Every attribute is declared numeric to MOA:
 * all our generators emit numbers (Agrawal's nominal attributes arrive as integer codes, exactly as
 * ER sees them), so MOA gets the same inputs as ER. Accuracy is the mean over seeds; examples/s is
 * all timed examples over all timed seconds of the seeds. Accuracies are deterministic; timings
 * are not.
 */
public final class MoaComparison {

    static final List<String> STREAMS = List.of("sea", "hyperplane", "stable", "agrawal", "rbf");

    /** One learner: a name and a way to run it prequentially on a loaded stream. */
    record Learner(String name, Runner runner) {
    }

    @FunctionalInterface
    interface Runner {
        Result run(Data data);
    }

    /** Correct predictions and timed nanoseconds of one prequential run. */
    record Result(long examples, long correct, long nanos) {
    }

    /** A stream fully in memory, with its MOA form built ahead of timing. */
    record Data(String stream, long seed, int dimension, int classes, double[][] xs, int[] labels,
                InstancesHeader header, Instance[] instances) {
    }

    private MoaComparison() {
    }

    static List<Learner> learners() {
        return List.of(
                new Learner("erstream ER", MoaComparison::runEr),
                new Learner("erstream ER + drift (evaluate's default)", MoaComparison::runErWithDrift),
                new Learner("erstream nonlinear ER + drift (evaluate --learner nonlinear)",
                        MoaComparison::runNonlinearWithDrift),
                new Learner("MOA Perceptron", moa(Perceptron::new)),
                new Learner("MOA NaiveBayes", moa(NaiveBayes::new)),
                new Learner("MOA HoeffdingTree", moa(HoeffdingTree::new)),
                new Learner("MOA HoeffdingAdaptiveTree", moa(HoeffdingAdaptiveTree::new)));
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000L;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> streams = args.length > 2 ? List.of(args[2].split(",")) : STREAMS;
        List<Learner> learners = learners();
        long wallStart = System.nanoTime();

        System.out.printf(Locale.ROOT, "n = %d examples per stream, seeds 1..%d, %s, %d available processors%n%n",
                n, seeds, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| stream | learner | accuracy | examples/s | speed vs erstream ER |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String stream : streams) {
            Data warm = load(stream, n, 1);
            checkAgainstPrequentialEvaluation(warm, n);
            for (Learner learner : learners) {
                learner.runner().run(warm); // JIT warm-up, untimed
            }
            warm = null;
            double[] accuracySum = new double[learners.size()];
            long[] examples = new long[learners.size()];
            long[] nanos = new long[learners.size()];
            for (long seed = 1; seed <= seeds; seed++) {
                Data data = load(stream, n, seed);
                for (int l = 0; l < learners.size(); l++) {
                    System.gc();
                    Result r = learners.get(l).runner().run(data);
                    accuracySum[l] += (double) r.correct() / r.examples();
                    examples[l] += r.examples();
                    nanos[l] += r.nanos();
                }
            }
            double erSpeed = examples[0] / (nanos[0] / 1e9);
            for (int l = 0; l < learners.size(); l++) {
                double speed = examples[l] / (nanos[l] / 1e9);
                System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %,.0f | %.3fx |%n", stream,
                        learners.get(l).name(), accuracySum[l] / seeds, speed, speed / erSpeed);
            }
        }
        System.out.printf(Locale.ROOT, "%nwall time %.1f s%n", (System.nanoTime() - wallStart) / 1e9);
    }

    /** Generates the stream into memory and converts it to MOA instances (untimed). */
    static Data load(String stream, long n, long seed) {
        ExampleStream source = Generators.byName(stream, n, seed);
        int d = source.dimension();
        int classes = source.classes();
        List<double[]> xs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Example example = new Example(d);
        while (source.next(example)) {
            xs.add(example.x.clone());
            labels.add(example.label);
        }
        InstancesHeader header = header(stream, d, source.classNames());
        Instance[] instances = new Instance[xs.size()];
        int[] y = new int[xs.size()];
        for (int i = 0; i < instances.length; i++) {
            double[] values = Arrays.copyOf(xs.get(i), d + 1);
            y[i] = labels.get(i);
            values[d] = y[i];
            Instance instance = new DenseInstance(1.0, values);
            instance.setDataset(header);
            instances[i] = instance;
        }
        return new Data(stream, seed, d, classes, xs.toArray(new double[0][]), y, header, instances);
    }

    /** Numeric attributes x0..x(d-1), then the nominal class attribute, which is the class index. */
    static InstancesHeader header(String stream, int d, String[] classNames) {
        List<Attribute> attributes = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            attributes.add(new Attribute("x" + j));
        }
        attributes.add(new Attribute("class", Arrays.asList(classNames)));
        Instances instances = new Instances(stream, attributes, 0);
        instances.setClassIndex(d);
        return new InstancesHeader(instances);
    }

    static Result runEr(Data data) {
        return run(data, new OnlineReflection(LearnerSpec.classifier(data.classes()), data.dimension()));
    }

    static Result runErWithDrift(Data data) {
        return run(data, DriftAwareLearner.withDefaults(LearnerSpec.classifier(data.classes()), data.dimension()));
    }

    /** As {@code evaluate --learner nonlinear} builds it: layer seed 1, HDDM-Bernstein, covariance reset on drift. */
    static Result runNonlinearWithDrift(Data data) {
        NonlinearReflection model = NonlinearReflection.withDefaults(LearnerSpec.classifier(data.classes()),
                data.dimension(), 1);
        return run(data, new DriftWatch(model, model::resetCovariance, HddmADetector.bernstein()));
    }

    private static Result run(Data data, OnlineLearner learner) {
        double[][] xs = data.xs();
        int[] labels = data.labels();
        double[] proba = new double[data.classes()];
        long correct = 0;
        long start = System.nanoTime();
        for (int i = 0; i < xs.length; i++) {
            learner.predictProba(xs[i], proba);
            if (OnlineLearner.predictedClass(proba) == labels[i]) {
                correct++;
            }
            learner.learnOne(xs[i], labels[i]);
        }
        long nanos = System.nanoTime() - start;
        return new Result(xs.length, correct, nanos);
    }

    static Runner moa(Supplier<AbstractClassifier> factory) {
        return data -> {
            AbstractClassifier learner = factory.get();
            learner.setModelContext(data.header());
            learner.prepareForUse();
            Instance[] instances = data.instances();
            int[] labels = data.labels();
            long correct = 0;
            long start = System.nanoTime();
            for (int i = 0; i < instances.length; i++) {
                double[] votes = learner.getVotesForInstance(instances[i]);
                if (argmax(votes) == labels[i]) {
                    correct++;
                }
                learner.trainOnInstance(instances[i]);
            }
            long nanos = System.nanoTime() - start;
            return new Result(instances.length, correct, nanos);
        };
    }

    /** Index of the largest vote, ties to the lowest; 0 for an empty or all-equal array (as MOA). */
    static int argmax(double[] votes) {
        int best = 0;
        for (int k = 1; k < votes.length; k++) {
            if (votes[k] > votes[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Our loop must score ER exactly as {@link PrequentialEvaluation} does; fails loudly if not. */
    private static void checkAgainstPrequentialEvaluation(Data data, long n) {
        ExampleStream stream = Generators.byName(data.stream(), n, data.seed());
        OnlineReflection learner = new OnlineReflection(LearnerSpec.classifier(data.classes()), data.dimension());
        double reference = new PrequentialEvaluation(1000, 0, null, null).run(stream, learner).accuracy();
        Result ours = runEr(data);
        double accuracy = (double) ours.correct() / ours.examples();
        if (Math.abs(accuracy - reference) > 1e-12) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s seed %d: this loop scores ER %.6f but PrequentialEvaluation %.6f",
                    data.stream(), data.seed(), accuracy, reference));
        }
    }
}
