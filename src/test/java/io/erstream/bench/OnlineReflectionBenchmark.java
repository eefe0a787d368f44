package io.erstream.bench;

import io.erstream.drift.DriftAwareLearner;
import io.erstream.eval.PrequentialMetrics;
import io.erstream.learn.CovarianceKind;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.ReferenceOnlineReflection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learner's hot paths: one prequential step (predict, then learn) — what {@code evaluate} times — and a
 * prediction alone, at the dimensions docs/results/speed.md reports. Inputs are a pre-generated ring of a noisy hyperplane
 * stream, so the model keeps learning a real concept across iterations. {@code referencePredictThenLearn} is the
 * same step through {@link ReferenceOnlineReflection}, the update before it was rewritten for speed: the baseline
 * of docs/results/learning-speed.md, timed in the same run. {@code diagonalPredictThenLearn} keeps only P's
 * diagonal ({@link CovarianceKind#DIAGONAL}).
 *
 * <p>Run: {@code mvn -B -q -Pbench test-compile exec:exec -Djmh.args="OnlineReflectionBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OnlineReflectionBenchmark {

    private static final int RING = 4096;

    @Param({"3", "10", "100", "300", "784"})
    int dimension;

    private OnlineReflection model;
    private ReferenceOnlineReflection reference;
    private OnlineReflection diagonal;
    private DriftAwareLearner aware;
    private PrequentialMetrics metrics;
    private double[][] xs;
    private int[] labels;
    private double[] proba;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        HyperplaneRing ring = new HyperplaneRing(dimension);
        xs = ring.xs;
        labels = ring.labels;
        model = new OnlineReflection(LearnerSpec.classifier(2), dimension);
        reference = new ReferenceOnlineReflection(LearnerSpec.classifier(2), dimension);
        diagonal = new OnlineReflection(LearnerSpec.classifier(2).withCovariance(CovarianceKind.DIAGONAL), dimension);
        aware = DriftAwareLearner.withDefaults(LearnerSpec.classifier(2), dimension);
        metrics = new PrequentialMetrics(2, 1000);
        proba = new double[2];
    }

    /** predictProba then learnOne on the same example: one prequential step. */
    @Benchmark
    public double predictThenLearn() {
        int i = next;
        next = (i + 1) & (RING - 1);
        model.predictProba(xs[i], proba);
        model.learnOne(xs[i], labels[i]);
        return proba[1];
    }

    /** The same step through the update before it was rewritten: the baseline. */
    @Benchmark
    public double referencePredictThenLearn() {
        int i = next;
        next = (i + 1) & (RING - 1);
        reference.predictProba(xs[i], proba);
        reference.learnOne(xs[i], labels[i]);
        return proba[1];
    }

    /** The same step with the diagonal covariance: O(d). */
    @Benchmark
    public double diagonalPredictThenLearn() {
        int i = next;
        next = (i + 1) & (RING - 1);
        diagonal.predictProba(xs[i], proba);
        diagonal.learnOne(xs[i], labels[i]);
        return proba[1];
    }

    /** The same step through evaluate's default learner: HDDM-A on the 0/1 error, covariance reset on drift. */
    @Benchmark
    public double driftAwarePredictThenLearn() {
        int i = next;
        next = (i + 1) & (RING - 1);
        aware.predictProba(xs[i], proba);
        aware.learnOne(xs[i], labels[i]);
        return proba[1];
    }

    /** What {@code evaluate} times per example: the drift-aware step plus scoring the prediction. */
    @Benchmark
    public double prequentialStep() {
        int i = next;
        next = (i + 1) & (RING - 1);
        aware.predictProba(xs[i], proba);
        metrics.record(labels[i], proba);
        aware.learnOne(xs[i], labels[i]);
        return proba[1];
    }

    @Benchmark
    public double predictOnly() {
        int i = next;
        next = (i + 1) & (RING - 1);
        model.predictProba(xs[i], proba);
        return proba[1];
    }

    /** Snapshot cost: what the stream pays when it writes a model to its store. */
    @Benchmark
    public byte[] encode() {
        return ModelCodec.encode(model);
    }
}
