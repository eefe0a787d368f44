package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact bits online ER computes: every prediction, every update's outcome and forgetting factor, and the
 * encoded model at the end, over seeded streams for d = 1 to 40 (both sides of
 * {@link FullInverseCovariance#FUSED_BELOW}), folded into one 64-bit hash per configuration. The streams drift,
 * forget (λ < 1, fixed and adaptive), rebase the standardiser (at doubling counts), reset the covariance, restore
 * from the codec and from {@link OnlineReflection#copy} mid-stream, mix predict-then-learn on the same input with
 * learning another input, offer inputs that are refused with an exception, which must leave the model's bytes
 * untouched, and updates that are refused because they could overflow.
 *
 * <p>The expected hashes were computed by the straightforward arithmetic (scalar loops over all of P, each quantity
 * computed where it is used), with the reflections on {@link PortableMath}; a change that makes the update faster must
 * keep them, since restored models and the documented accuracies depend on these bits. A new hash means the results
 * moved. They are the same on OpenJDK 17 and Temurin 25.
 */
class OnlineReflectionBitsTest {

    private static final int EXAMPLES = 2500;

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("binary default", LearnerSpec.classifier(2), 0x9d6680524b66837fL),
                Arguments.of("binary fixed forgetting 0.97",
                        LearnerSpec.classifier(2).withAdaptive(false).withForgetting(0.97), 0x3746a0a52b4eeba2L),
                Arguments.of("three classes adaptive 0.95",
                        LearnerSpec.classifier(3).withForgetting(0.95), 0x30549cf084f703a4L),
                Arguments.of("binary unstandardised",
                        LearnerSpec.classifier(2).withStandardize(false), 0x7efb204987817382L),
                Arguments.of("binary unreflected",
                        LearnerSpec.classifier(2).withReflect(false), 0x8cb4b9122e47720bL),
                Arguments.of("binary diagonal",
                        LearnerSpec.classifier(2).withCovariance(CovarianceKind.DIAGONAL), 0x374fffd8efd2a811L),
                Arguments.of("regression", LearnerSpec.regressor().withForgetting(0.99), 0x11c6b195c09f5ed8L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void theBitsAreThePinnedOnes(String name, LearnerSpec spec, long expected) {
        long actual = hash(spec);
        assertEquals(expected, actual, name + ": 0x" + Long.toHexString(actual) + "L");
    }

    private static long hash(LearnerSpec spec) {
        long hash = 0xcbf29ce484222325L;
        for (int d = 1; d <= 40; d++) {
            hash = fold(hash, stream(spec, d, 1000L + d));
        }
        return hash;
    }

    /** One seeded stream through a fresh model; returns the hash of everything it computed. */
    private static long stream(LearnerSpec spec, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        OnlineReflection model = new OnlineReflection(spec, d);
        double[] offset = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            offset[j] = 10 * random.nextDouble() - 5;
            scale[j] = j == 1 && d > 2 ? 0.0 : Math.exp(4 * random.nextDouble() - 2); // one constant feature
        }
        double[] concept = gaussian(random, d);
        double[] x = new double[d];
        double[] other = new double[d];
        double[] proba = new double[spec.classes()];
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < EXAMPLES; i++) {
            if (i == EXAMPLES / 2) {
                concept = gaussian(random, d); // drift
                model = ModelCodec.decodeOnline(ModelCodec.encode(model));
            }
            if (i == 2 * EXAMPLES / 3) {
                model.resetCovariance();
            }
            if (i == 3 * EXAMPLES / 4) {
                model = model.copy();
            }
            fill(x, offset, scale, random);
            int kind = random.nextInt(10);
            if (kind < 7 && spec.task() == Task.CLASSIFICATION) {
                model.predictProba(x, proba);
                for (double p : proba) {
                    hash = fold(hash, Double.doubleToRawLongBits(p));
                }
            } else if (kind < 7) {
                hash = fold(hash, Double.doubleToRawLongBits(model.predictValue(x)));
            } else if (kind == 7) {
                fill(other, offset, scale, random); // fields for another input: not reused
                hash = fold(hash, spec.task() == Task.CLASSIFICATION ? model.predictClass(other)
                        : Double.doubleToRawLongBits(model.predictValue(other)));
            } else if (kind == 8 && spec.task() == Task.CLASSIFICATION) {
                model.predictProba(x, proba);
                hash = refuse(model, x, spec.classes(), hash);
            } else if (kind == 9 && i % 4 == 0 && i > 100) { // after the standardiser has a base
                fill(other, offset, scale, random);
                for (int j = 0; j < d; j++) {
                    other[j] *= 1e200; // an update whose result could overflow: refused, counted
                }
                hash = fold(hash, learn(model, spec, other, concept, random) ? 1 : 0);
            }
            hash = fold(hash, learn(model, spec, x, concept, random) ? 1 : 0);
            hash = fold(hash, Double.doubleToRawLongBits(model.forgetting()));
        }
        assertTrue(model.refused() > 0, "the stream had refused updates");
        for (byte b : ModelCodec.encode(model)) {
            hash = fold(hash, b);
        }
        return fold(hash, model.refused());
    }

    private static boolean learn(OnlineReflection model, LearnerSpec spec, double[] x, double[] concept,
                                 SplittableRandom random) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += concept[j] * x[j];
        }
        double noisy = s + 0.3 * random.nextGaussian();
        if (spec.task() == Task.REGRESSION) {
            return model.learnOne(x, noisy);
        }
        int label = spec.classes() == 2 ? (noisy > 0 ? 1 : 0) : (int) Math.floorMod((long) Math.floor(noisy),
                (long) spec.classes());
        return model.learnOne(x, label);
    }

    /** Inputs that must be refused after a prediction for {@code x}: the model's bytes stay the same. */
    private static long refuse(OnlineReflection model, double[] x, int classes, long hash) {
        byte[] before = ModelCodec.encode(model);
        double[] bad = x.clone();
        bad[bad.length - 1] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(bad, 0));
        bad[bad.length - 1] = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(bad, 0));
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(new double[x.length + 1], 0));
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(x, classes));
        assertArrayEquals(before, ModelCodec.encode(model));
        return fold(hash, before.length);
    }

    private static void fill(double[] x, double[] offset, double[] scale, SplittableRandom random) {
        for (int j = 0; j < x.length; j++) {
            x[j] = offset[j] + scale[j] * (2 * random.nextDouble() - 1);
        }
    }

    private static double[] gaussian(SplittableRandom random, int d) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = random.nextGaussian();
        }
        return v;
    }

    /** FNV-1a over the eight bytes of {@code value}. */
    private static long fold(long hash, long value) {
        for (int b = 0; b < 8; b++) {
            hash ^= (value >>> (8 * b)) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
