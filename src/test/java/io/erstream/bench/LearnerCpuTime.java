package io.erstream.bench;

import io.erstream.learn.CovarianceKind;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.PortableMath;
import io.erstream.learn.Reflection;
import io.erstream.learn.ReferenceOnlineReflection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Examples per CPU-second of one prequential step (predict, then learn): the reference update, the fast one and the
 * diagonal covariance, in alternating blocks on the same {@link HyperplaneRing} as {@link OnlineReflectionBenchmark}.
 * Thread CPU time, not wall time: on a shared machine other jobs' load stretches wall-clock scores (JMH's) but hardly
 * the CPU time of the work itself, so this gives the speed one core delivers, and the ratio of the two updates
 * measured in the same blocks. It also times the kernels of {@link MatrixPassBenchmark} (the machine's limit) and, in
 * the learners' blocks, the two exponentials one binary step calls (σ of the prediction, the reflection) as the
 * learner computes them, with {@link PortableMath}, and as {@code StrictMath}'s exp and tanh
 * ({@link TranscendentalsBenchmark}), and prints each as a share of one fast step. The pass over P is timed
 * in the learners' blocks too, and "fast / one pass" is also given as the median of its ratio block by block: on a
 * shared core the limit timed on its own, after the learners, moves with the load of those seconds.
 *
 * <p>Run (after {@code mvn -B -o -q test-compile}):
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.erstream.bench.LearnerCpuTime [dimensions]}
 */
public final class LearnerCpuTime {

    private static final int BLOCKS = 15;

    /** Keeps the JIT from dropping the transcendentals. */
    static volatile double sink;

    private LearnerCpuTime() {
    }

    public static void main(String[] args) {
        int[] dimensions = args.length == 0 ? new int[] {10, 100, 300, 784}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int d : dimensions) {
            HyperplaneRing ring = new HyperplaneRing(d);
            LearnerSpec spec = LearnerSpec.classifier(2);
            OnlineLearner[] learners = {new ReferenceOnlineReflection(spec, d), new OnlineReflection(spec, d),
                new OnlineReflection(spec.withCovariance(CovarianceKind.DIAGONAL), d)};
            long block = Math.max(200, 200_000_000L / ((long) (d + 1) * (d + 1) * 4 + 400));
            double[][] rates = new double[learners.length][BLOCKS];
            double[] ratios = new double[BLOCKS];
            double[] strictCost = new double[BLOCKS];
            double[] portableCost = new double[BLOCKS];
            MatrixPassBenchmark.Kernels kernels = new MatrixPassBenchmark.Kernels(d);
            double[] passRatios = new double[BLOCKS];
            for (int warm = 0; warm < 3; warm++) {
                for (OnlineLearner learner : learners) {
                    run(learner, ring, block);
                }
                passes(threads, kernels, block);
            }
            for (int b = 0; b < BLOCKS; b++) {
                for (int l = 0; l < learners.length; l++) {
                    long start = threads.getCurrentThreadCpuTime();
                    run(learners[l], ring, block);
                    rates[l][b] = block * 1e9 / (threads.getCurrentThreadCpuTime() - start);
                }
                ratios[b] = rates[1][b] / rates[0][b];
                passRatios[b] = rates[1][b] / passes(threads, kernels, block);
                strictCost[b] = exponentials(threads, ring, block, true);
                portableCost[b] = exponentials(threads, ring, block, false);
            }
            System.out.printf(Locale.ROOT, "d=%d reference=%.0f/s fast=%.0f/s diagonal=%.0f/s fast/reference=%.2f"
                    + " (medians of %d blocks of %d examples, CPU time)%n", d, median(rates[0]), median(rates[1]),
                    median(rates[2]), median(ratios), BLOCKS, block);
            System.out.printf(Locale.ROOT, "d=%d fast / one pass over P, block by block: %.2f%n", d,
                    median(passRatios));
            double[] pass = new double[BLOCKS];
            double[] arithmetic = new double[BLOCKS];
            for (int b = 0; b < BLOCKS; b++) {
                pass[b] = passes(threads, kernels, block);
                long middle = threads.getCurrentThreadCpuTime();
                for (long n = 0; n < block; n++) {
                    sink = kernels.axpyInL1();
                }
                arithmetic[b] = block * 1e9 / (threads.getCurrentThreadCpuTime() - middle);
            }
            double width = d + 1.0;
            System.out.printf(Locale.ROOT, "d=%d limit: one pass over P %.0f/s (fast step = %.2f of it); multiply-adds"
                    + " in L1 %.2f G/s%n", d, median(pass), median(rates[1]) / median(pass),
                    median(arithmetic) * width * width / 1e9);
            System.out.printf(Locale.ROOT, "d=%d a step's exponentials: PortableMath %.1f ns (%.1f%% of a fast step),"
                    + " StrictMath %.1f ns (%.1f%%)%n", d, median(portableCost),
                    100 * median(portableCost) * median(rates[1]) / 1e9, median(strictCost),
                    100 * median(strictCost) * median(rates[1]) / 1e9);
        }
    }

    /** Passes over P per CPU-second of {@code rankOneThenAxpy}, the limit, over {@code count} passes. */
    private static double passes(ThreadMXBean threads, MatrixPassBenchmark.Kernels kernels, long count) {
        long start = threads.getCurrentThreadCpuTime();
        for (long n = 0; n < count; n++) {
            sink = kernels.rankOneThenAxpy();
        }
        return count * 1e9 / (threads.getCurrentThreadCpuTime() - start);
    }

    private static void run(OnlineLearner learner, HyperplaneRing ring, long examples) {
        double[] proba = new double[2];
        for (long n = 0; n < examples; n++) {
            int i = ring.next();
            learner.predictProba(ring.xs[i], proba);
            learner.learnOne(ring.xs[i], ring.labels[i]);
        }
    }

    /**
     * Nanoseconds of CPU per step for the step's two exponentials, on fields like a model's: as the learner computes
     * them ({@link Reflection}, on {@link PortableMath}) or with {@code StrictMath}'s exp and tanh.
     */
    private static double exponentials(ThreadMXBean threads, HyperplaneRing ring, long examples, boolean strict) {
        long start = threads.getCurrentThreadCpuTime();
        double sum = 0;
        for (long n = 0; n < examples; n++) {
            double h = 6 * (ring.xs[ring.next()][0] - 0.5);
            if (strict) {
                double a = Math.abs(h);
                sum += 1.0 / (1.0 + StrictMath.exp(-h)) + a / StrictMath.tanh(0.5 * a);
            } else {
                sum += Reflection.sigmoid(h) + Reflection.spin(h, 1.0);
            }
        }
        sink = sum;
        return (threads.getCurrentThreadCpuTime() - start) / (double) examples;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
