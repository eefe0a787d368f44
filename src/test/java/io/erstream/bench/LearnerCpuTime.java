package io.erstream.bench;

import io.erstream.learn.CovarianceKind;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineLearner;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.ReferenceOnlineReflection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Examples per CPU-second of one prequential step (predict, then learn), the reference update, the fast one and the
 * diagonal covariance in alternating blocks on the same {@link HyperplaneRing} as {@link OnlineReflectionBenchmark}. Thread
 * CPU time, not wall time: on a shared machine other jobs' load stretches wall-clock scores (JMH's) but hardly the CPU
 * time of the work itself, so this gives the speed one core delivers, and the ratio of the two updates measured in
 * the same blocks.
 *
 * <p>Run (after {@code mvn -B -o -q test-compile}):
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.erstream.bench.LearnerCpuTime [dimensions]}
 */
public final class LearnerCpuTime {

    private static final int BLOCKS = 15;

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
            for (int warm = 0; warm < 3; warm++) {
                for (OnlineLearner learner : learners) {
                    run(learner, ring, block);
                }
            }
            for (int b = 0; b < BLOCKS; b++) {
                for (int l = 0; l < learners.length; l++) {
                    long start = threads.getCurrentThreadCpuTime();
                    run(learners[l], ring, block);
                    rates[l][b] = block * 1e9 / (threads.getCurrentThreadCpuTime() - start);
                }
                ratios[b] = rates[1][b] / rates[0][b];
            }
            System.out.printf(Locale.ROOT, "d=%d reference=%.0f/s fast=%.0f/s diagonal=%.0f/s fast/reference=%.2f"
                    + " (medians of %d blocks of %d examples, CPU time)%n", d, median(rates[0]), median(rates[1]),
                    median(rates[2]), median(ratios), BLOCKS, block);
        }
    }

    private static void run(OnlineLearner learner, HyperplaneRing ring, long examples) {
        double[] proba = new double[2];
        for (long n = 0; n < examples; n++) {
            int i = ring.next();
            learner.predictProba(ring.xs[i], proba);
            learner.learnOne(ring.xs[i], ring.labels[i]);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
