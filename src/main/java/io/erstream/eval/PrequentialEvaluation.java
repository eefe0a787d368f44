package io.erstream.eval;

import io.erstream.learn.OnlineLearner;
import io.erstream.learn.Task;
import java.util.function.Supplier;

/**
 * Test-then-train over a stream: every example is first predicted and scored, then learnt. The stream is read
 * into memory a block at a time and only the predict+learn loop is timed, so {@code examplesPerSecond} measures
 * the learner, not the generator or the parser. With a warm-up supplier, the first block is first run through
 * throw-away learners (untimed; 300,000 examples or 2 s, whichever comes first) so the JIT has compiled the
 * loop: the speed reported is the steady state, as a JMH benchmark would measure it, and the evaluated learner
 * still sees every example exactly once.
 */
public final class PrequentialEvaluation {

    private static final int BLOCK = 8192;
    private static final int WARMUP_EXAMPLES = 300_000;
    /** Warm-up stops at this much time even if fewer examples ran (large d: the loop compiles long before). */
    private static final long WARMUP_NANOS = 2_000_000_000L;

    /** Called between blocks with the metrics so far; never inside the timed loop. */
    @FunctionalInterface
    public interface Progress {
        void report(Snapshot snapshot);
    }

    /** Called once per scored example (e.g. to record a curve or feed a detector). */
    @FunctionalInterface
    public interface Observer {
        void scored(long index, boolean correct);
    }

    /** Metrics so far: classification fields are NaN for regression and vice versa. */
    public record Snapshot(long examples, double accuracy, double rollingAccuracy, double kappa, double logLoss,
                           double rmse, double mae, long refused, double examplesPerSecond) {
    }

    private final int window;
    private final long progressEvery;
    private final Progress progress;
    private final Observer observer;

    /**
     * @param window rolling-accuracy window
     * @param progressEvery report about every this many examples (0: never)
     * @param progress receives reports, or null
     * @param observer sees every scored example, or null
     */
    public PrequentialEvaluation(int window, long progressEvery, Progress progress, Observer observer) {
        this.window = window;
        this.progressEvery = progressEvery;
        this.progress = progress;
        this.observer = observer;
    }

    /** Runs to the end of the stream and returns the final metrics. */
    public Snapshot run(ExampleStream stream, OnlineLearner learner) {
        return run(stream, learner, null);
    }

    /** As {@link #run(ExampleStream, OnlineLearner)}, first warming up on learners from {@code warmup}. */
    public Snapshot run(ExampleStream stream, OnlineLearner learner, Supplier<OnlineLearner> warmup) {
        if (stream.dimension() != learner.dimension()) {
            throw new IllegalArgumentException("the stream has " + stream.dimension()
                    + " features but the learner expects " + learner.dimension());
        }
        boolean regression = learner.task() == Task.REGRESSION;
        PrequentialMetrics classification = regression ? null : new PrequentialMetrics(learner.classes(), window);
        RegressionMetrics values = regression ? new RegressionMetrics(window) : null;
        int d = stream.dimension();
        double[][] xs = new double[BLOCK][d];
        int[] labels = new int[BLOCK];
        double[] targets = new double[BLOCK];
        double[] proba = new double[learner.classes()];
        Example example = new Example(d);
        long examples = 0;
        long nanos = 0;
        long nextReport = progressEvery;
        while (true) {
            int filled = 0;
            while (filled < BLOCK && stream.next(example)) {
                System.arraycopy(example.x, 0, xs[filled], 0, d);
                labels[filled] = example.label;
                targets[filled] = example.target;
                filled++;
            }
            if (filled == 0) {
                break;
            }
            if (warmup != null && examples == 0) {
                warmUp(warmup, xs, labels, targets, filled, regression);
            }
            long start = System.nanoTime();
            step(learner, classification, values, observer, xs, labels, targets, 0, filled, examples, proba);
            nanos += System.nanoTime() - start;
            examples += filled;
            if (progress != null && progressEvery > 0 && examples >= nextReport) {
                progress.report(snapshot(examples, classification, values, learner, nanos));
                nextReport += progressEvery;
            }
        }
        return snapshot(examples, classification, values, learner, nanos);
    }

    /**
     * The timed loop body, shared with the warm-up so the JIT has compiled this very method (not a copy of it)
     * before the timed pass begins.
     */
    private static void step(OnlineLearner learner, PrequentialMetrics classification, RegressionMetrics values,
                             Observer observer, double[][] xs, int[] labels, double[] targets, int from, int to,
                             long offset, double[] proba) {
        if (values != null) {
            for (int i = from; i < to; i++) {
                values.record(targets[i], learner.predictValue(xs[i]));
                learner.learnOne(xs[i], targets[i]);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            learner.predictProba(xs[i], proba);
            classification.record(labels[i], proba);
            if (observer != null) {
                observer.scored(offset + i, OnlineLearner.predictedClass(proba) == labels[i]);
            }
            learner.learnOne(xs[i], labels[i]);
        }
    }

    private void warmUp(Supplier<OnlineLearner> factory, double[][] xs, int[] labels, double[] targets, int filled,
                        boolean regression) {
        double[] proba = new double[Math.max(1, factory.get().classes())];
        long deadline = System.nanoTime() + WARMUP_NANOS;
        for (int done = 0; done < WARMUP_EXAMPLES && System.nanoTime() < deadline; done += filled) {
            OnlineLearner scratch = factory.get();
            PrequentialMetrics metrics = regression ? null : new PrequentialMetrics(scratch.classes(), window);
            RegressionMetrics errors = regression ? new RegressionMetrics(window) : null;
            for (int from = 0; from < filled && System.nanoTime() < deadline; from += 256) {
                step(scratch, metrics, errors, null, xs, labels, targets, from, Math.min(filled, from + 256), 0,
                        proba);
            }
        }
    }

    private static Snapshot snapshot(long examples, PrequentialMetrics c, RegressionMetrics r,
                                     OnlineLearner learner, long nanos) {
        double perSecond = nanos > 0 ? examples / (nanos / 1e9) : Double.NaN;
        if (c != null) {
            return new Snapshot(examples, c.accuracy(), c.rollingAccuracy(), c.kappa(), c.logLoss(), Double.NaN,
                    Double.NaN, learner.refused(), perSecond);
        }
        return new Snapshot(examples, Double.NaN, Double.NaN, Double.NaN, Double.NaN, r.rmse(), r.mae(),
                learner.refused(), perSecond);
    }

}
