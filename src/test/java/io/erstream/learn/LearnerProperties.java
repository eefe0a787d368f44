package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class LearnerProperties {

    @Property(tries = 60)
    void probabilitiesStayInTheUnitInterval(@ForAll @LongRange(min = 0, max = 1000) long seed,
                                            @ForAll @IntRange(min = 2, max = 5) int classes,
                                            @ForAll @DoubleRange(min = 0.9, max = 1.0) double forgetting) {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(classes).withForgetting(forgetting), 4);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[4];
        double[] p = new double[classes];
        for (int i = 0; i < 300; i++) {
            fill(x, random);
            model.predictProba(x, p);
            double sum = 0;
            for (double v : p) {
                assertTrue(v >= 0 && v <= 1, "p = " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-9);
            model.learnOne(x, random.nextInt(classes));
        }
    }

    @Property(tries = 40)
    void codecRoundTripIsBitExact(@ForAll @LongRange(min = 0, max = 1000) long seed,
                                  @ForAll @IntRange(min = 1, max = 12) int dimension,
                                  @ForAll @IntRange(min = 2, max = 4) int classes,
                                  @ForAll @IntRange(min = 0, max = 200) int examples) {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(classes), dimension);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[dimension];
        for (int i = 0; i < examples; i++) {
            fill(x, random);
            model.learnOne(x, random.nextInt(classes));
        }
        byte[] bytes = ModelCodec.encode(model);
        assertArrayEquals(bytes, ModelCodec.encode(ModelCodec.decodeOnline(bytes)));
    }

    /** One-vs-rest outputs are independent and share P, so renaming the classes renames the probabilities. */
    @Property(tries = 30)
    void permutingLabelsPermutesProbabilities(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        int classes = 4;
        int[] permutation = {2, 0, 3, 1};
        OnlineReflection plain = new OnlineReflection(LearnerSpec.classifier(classes), 3);
        OnlineReflection renamed = new OnlineReflection(LearnerSpec.classifier(classes), 3);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[3];
        double[] p = new double[classes];
        double[] q = new double[classes];
        for (int i = 0; i < 200; i++) {
            fill(x, random);
            int label = x[0] > 0.3 ? 0 : x[1] > 0 ? 1 : x[2] > 0 ? 2 : 3;
            plain.learnOne(x, label);
            renamed.learnOne(x, permutation[label]);
        }
        fill(x, random);
        plain.predictProba(x, p);
        renamed.predictProba(x, q);
        for (int k = 0; k < classes; k++) {
            assertEquals(p[k], q[permutation[k]], 1e-12);
        }
    }

    @Property(tries = 30)
    void binarySpinSymmetry(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        OnlineReflection plain = new OnlineReflection(LearnerSpec.classifier(2), 3);
        OnlineReflection flipped = new OnlineReflection(LearnerSpec.classifier(2), 3);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[3];
        for (int i = 0; i < 200; i++) {
            fill(x, random);
            int label = x[0] + x[2] > 0 ? 1 : 0;
            plain.learnOne(x, label);
            flipped.learnOne(x, 1 - label);
        }
        fill(x, random);
        double[] p = new double[2];
        double[] q = new double[2];
        plain.predictProba(x, p);
        flipped.predictProba(x, q);
        assertEquals(p[1], q[0], 1e-12);
    }

    private static void fill(double[] x, SplittableRandom random) {
        for (int j = 0; j < x.length; j++) {
            x[j] = 4 * random.nextDouble() - 2;
        }
    }
}
