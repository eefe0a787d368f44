package io.erstream.bench;

import io.erstream.learn.PortableMath;
import io.erstream.learn.Reflection;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What bit-exact transcendentals cost one prequential step of a binary model: the step calls exp once (σ of the
 * prediction), tanh once (the reflection) and log once (the log loss), on fields like a learning model's. The
 * {@code Math} forms may be JIT intrinsics whose last bit can differ across CPUs and JDKs; the {@code StrictMath}
 * forms are fdlibm's, the same bits everywhere (docs/exactness.md, "Across hosts"), and so are the learner's own,
 * σ, the reflection and the log loss on {@link PortableMath} ({@code portable}).
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Djmh.args="TranscendentalsBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranscendentalsBenchmark {

    private static final int RING = 4096;

    private double[] fields;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        fields = new double[RING];
        for (int i = 0; i < RING; i++) {
            fields[i] = 3 * random.nextGaussian();
        }
    }

    @Benchmark
    public double math() {
        double h = field();
        double p = 1.0 / (1.0 + Math.exp(-h));
        double a = Math.abs(h);
        return a / Math.tanh(0.5 * a) - Math.log(p);
    }

    @Benchmark
    public double strictMath() {
        double h = field();
        double p = 1.0 / (1.0 + StrictMath.exp(-h));
        double a = Math.abs(h);
        return a / StrictMath.tanh(0.5 * a) - StrictMath.log(p);
    }

    @Benchmark
    public double portable() {
        double h = field();
        return Reflection.spin(h, 1.0) - PortableMath.log(Reflection.sigmoid(h));
    }

    private double field() {
        int i = next;
        next = (i + 1) & (RING - 1);
        return fields[i];
    }
}
