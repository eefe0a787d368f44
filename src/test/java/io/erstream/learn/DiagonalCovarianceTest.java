package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DiagonalCovarianceTest {

    private static final LearnerSpec DIAGONAL = LearnerSpec.classifier(2).withCovariance(CovarianceKind.DIAGONAL);

    @Test
    void learnsASeparableConceptFromWideInputs() {
        int dimension = 200;
        OnlineReflection model = new OnlineReflection(DIAGONAL, dimension);
        SplittableRandom random = new SplittableRandom(5);
        double[] concept = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            concept[j] = random.nextGaussian();
        }
        double[] x = new double[dimension];
        int right = 0;
        for (int i = 0; i < 20_000; i++) {
            double h = 0;
            for (int j = 0; j < dimension; j++) {
                x[j] = random.nextGaussian();
                h += concept[j] * x[j];
            }
            int label = h > 0 ? 1 : 0;
            if (i >= 15_000 && model.predictClass(x) == label) {
                right++;
            }
            model.learnOne(x, label);
        }
        assertTrue(right > 0.9 * 5_000, "accuracy over the last 5,000: " + right / 5_000.0);
    }

    @Test
    void storesOnlyTheDiagonalAsFormatVersionTwo() {
        OnlineReflection model = trained(7, 30, 500);
        byte[] bytes = ModelCodec.encode(model);
        assertEquals(ModelCodec.VERSION_DIAGONAL, ByteBuffer.wrap(bytes).getShort(4));
        long fullSize = ModelCodec.encodedSize(new OnlineReflection(LearnerSpec.classifier(2), 30));
        assertEquals(fullSize - 8L * (31 * 32 / 2 - 31), bytes.length);
        OnlineReflection back = ModelCodec.decodeOnline(bytes);
        assertEquals(DIAGONAL, back.spec());
        assertArrayEquals(bytes, ModelCodec.encode(back));
    }

    @Test
    void aFullCovarianceModelIsStillWrittenAsVersionOne() {
        byte[] bytes = ModelCodec.encode(OnlineReflectionTest.trained());
        assertEquals(ModelCodec.VERSION, ByteBuffer.wrap(bytes).getShort(4));
    }

    @Test
    void theDiagonalFlagInAVersionOneModelIsRejected() {
        byte[] bytes = ModelCodec.encode(trained(3, 4, 50));
        ByteBuffer.wrap(bytes).putShort(4, ModelCodec.VERSION);
        resign(bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(bytes));
        assertTrue(e.getMessage().contains("diagonal covariance flag is set in a version 1 model"), e.getMessage());
    }

    @Test
    void aWideModelKeepsNoSquareMatrix() {
        OnlineReflection model = new OnlineReflection(DIAGONAL, 5_000);
        assertEquals(5_001, model.covariance().storedLength());
    }

    @Property(tries = 30)
    void aRestoredModelLearnsTheSameBits(@ForAll @LongRange(min = 0, max = 100_000) long seed,
                                         @ForAll @IntRange(min = 1, max = 20) int dimension,
                                         @ForAll @IntRange(min = 0, max = 300) int before) {
        OnlineReflectionMatchesReferenceTest.assertCopiesLearnTheSameBits(trained(seed, dimension, before), model -> {
            SplittableRandom random = new SplittableRandom(seed + 1);
            double[] x = new double[dimension];
            for (int i = 0; i < 100; i++) {
                fill(x, random);
                model.learnOne(x, x[0] > 3 ? 1 : 0);
            }
        });
    }

    /** P's diagonal never passes the prior 1/regu, also while forgetting and after rebases. */
    @Property(tries = 30)
    void theDiagonalStaysPositiveAndWithinThePrior(@ForAll @LongRange(min = 0, max = 100_000) long seed) {
        OnlineReflection model = new OnlineReflection(DIAGONAL.withAdaptive(false).withForgetting(0.95), 6);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[6];
        for (int i = 0; i < 2000; i++) {
            fill(x, random);
            model.learnOne(x, random.nextInt(2));
            double[] p = model.inverseCovariance();
            for (int j = 0; j < 7; j++) {
                double v = p[j * 7 + j];
                assertTrue(v > 0 && v <= 1 / LearnerSpec.DEFAULT_REGU, "P diagonal " + v + " at " + i);
            }
        }
    }

    private static OnlineReflection trained(long seed, int dimension, int examples) {
        OnlineReflection model = new OnlineReflection(DIAGONAL, dimension);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[dimension];
        for (int i = 0; i < examples; i++) {
            fill(x, random);
            model.learnOne(x, x[0] > 3 ? 1 : 0);
        }
        return model;
    }

    private static void fill(double[] x, SplittableRandom random) {
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 + (1 + i % 3) * random.nextGaussian();
        }
    }

    private static void resign(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
