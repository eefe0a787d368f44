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
 * to a (d + 1)² inverse covariance. {@code rankOneThenAxpy} is that minimum, one pass that downdates every row
 * ({@code p[k] = (p[k] − q_j q[k])·c}) and adds it, scaled, into {@code P z} — the loops HotSpot vectorises.
 * {@code axpyInL1} is the core's vectorised multiply-add rate on data that stays in L1 (one row, repeated), the
 * arithmetic ceiling. Scores are passes per second: one pass of {@code rankOneThenAxpy} is one example's worth.
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

    private int width;
    private double[] p;
    private double[] q;
    private double[] z;
    private double[] out;
    /** 1/λ, a field so that the JIT cannot fold the multiplication away. */
    private double scale = 1.0;

    @Setup
    public void setUp() {
        width = dimension + 1;
        SplittableRandom random = new SplittableRandom(7);
        p = new double[width * width];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextDouble();
        }
        q = new double[width];
        z = new double[width];
        out = new double[width];
        for (int i = 0; i < width; i++) {
            q[i] = 1e-9 * random.nextDouble(); // keeps p bounded over billions of passes
            z[i] = random.nextDouble();
        }
    }

    /** One downdate-and-multiply pass over the (d + 1)² matrix: the minimum one example costs. */
    @Benchmark
    public double rankOneThenAxpy() {
        Arrays.fill(out, 0.0);
        for (int j = 0; j < width; j++) {
            double zj = z[j];
            double qj = q[j];
            int row = j * width;
            for (int k = 0; k < width; k++) {
                p[row + k] = (p[row + k] - qj * q[k]) * scale;
            }
            for (int k = 0; k < width; k++) {
                out[k] += zj * p[row + k];
            }
        }
        return out[0];
    }

    /** (d + 1)² multiply-adds on one row that stays in L1: the vectorised arithmetic ceiling. */
    @Benchmark
    public double axpyInL1() {
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
