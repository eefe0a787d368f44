package io.erstream.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's limit for online ER's O(d²) work, without the learner around it: what one example must at least do
 * to a (d + 1)² inverse covariance stored by rows. {@link #rankOneThenAxpy} is that minimum, one pass that downdates
 * every row ({@code row[k] = (row[k] − q_j q[k])·c}) and adds it, scaled, into {@code P z}: the loops HotSpot
 * vectorises. {@link #axpyInL1} does as many multiply-adds on one row that stays in L1: the core's vectorised
 * arithmetic rate without the memory traffic. Scores are passes per second; one pass of {@code rankOneThenAxpy} is
 * one example's worth. {@link LearnerCpuTime} times the same kernels by CPU time.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Djmh.args="MatrixPassBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatrixPassBenchmark {

    @Param({"10", "100", "300", "784"})
    int dimension;

    private Kernels kernels;

    @Setup
    public void setUp() {
        kernels = new Kernels(dimension);
    }

    @Benchmark
    public double rankOneThenAxpy() {
        return kernels.rankOneThenAxpy();
    }

    @Benchmark
    public double axpyInL1() {
        return kernels.axpyInL1();
    }

    /** The two kernels on a random (d + 1)² matrix, with their own arrays. */
    static final class Kernels {
        private final int width;
        private final double[][] rows;
        private final double[] q;
        private final double[] z;
        private final double[] out;
        /** 1/λ, a field so that the JIT cannot fold the multiplication away. */
        private double scale = 1.0;

        Kernels(int dimension) {
            width = dimension + 1;
            SplittableRandom random = new SplittableRandom(7);
            rows = new double[width][width];
            for (double[] row : rows) {
                for (int k = 0; k < width; k++) {
                    row[k] = random.nextDouble();
                }
            }
            q = new double[width];
            z = new double[width];
            out = new double[width];
            for (int i = 0; i < width; i++) {
                q[i] = 1e-9 * random.nextDouble(); // keeps P bounded over billions of passes
                z[i] = random.nextDouble();
            }
        }

        /** One downdate-and-multiply pass over the matrix: the least one example costs. */
        double rankOneThenAxpy() {
            Arrays.fill(out, 0.0);
            for (int j = 0; j < width; j++) {
                double[] row = rows[j];
                double qj = q[j];
                double zj = z[j];
                for (int k = 0; k < width; k++) {
                    row[k] = (row[k] - qj * q[k]) * scale;
                }
                for (int k = 0; k < width; k++) {
                    out[k] += zj * row[k];
                }
            }
            return out[0];
        }

        /** (d + 1)² multiply-adds on one row that stays in L1. */
        double axpyInL1() {
            Arrays.fill(out, 0.0);
            for (int j = 0; j < width; j++) {
                double zj = z[j];
                for (int k = 0; k < width; k++) {
                    out[k] += zj * q[k];
                }
            }
            return out[0];
        }
    }
}
