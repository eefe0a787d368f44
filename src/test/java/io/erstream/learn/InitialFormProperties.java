package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The initial form of an online ER model ({@link ModelCodec#encodeInitial}): a model that has learnt nothing,
 * written as its parameters alone, decodes to that very model, bit for bit, and nothing else has that form.
 */
class InitialFormProperties {

    @Property(tries = 80)
    void aNewModelDecodesFromItsInitialFormToTheSameBytes(@ForAll @IntRange(min = 1, max = 40) int dimension,
                                                         @ForAll @IntRange(min = 1, max = 5) int classes,
                                                         @ForAll boolean diagonal, @ForAll boolean standardize,
                                                         @ForAll boolean reflect, @ForAll boolean adaptive,
                                                         @ForAll @DoubleRange(min = 0.9, max = 1.0) double forgetting,
                                                         @ForAll @DoubleRange(min = 0.01, max = 10) double regu) {
        LearnerSpec spec = (classes == 1 ? LearnerSpec.regressor() : LearnerSpec.classifier(classes))
                .withCovariance(diagonal ? CovarianceKind.DIAGONAL : CovarianceKind.FULL).withStandardize(standardize)
                .withReflect(reflect).withAdaptive(adaptive).withForgetting(forgetting).withRegu(regu);
        OnlineReflection fresh = new OnlineReflection(spec, dimension);

        OnlineReflection back = ModelCodec.decodeOnline(ModelCodec.encodeInitial(fresh));

        assertArrayEquals(ModelCodec.encode(fresh), ModelCodec.encode(back));
    }

    @Example
    void theInitialFormHasTheSameSizeWhateverTheDimension() {
        assertEquals(ModelCodec.INITIAL_BYTES,
                ModelCodec.encodeInitial(new OnlineReflection(LearnerSpec.classifier(2), 2)).length);
        assertEquals(ModelCodec.INITIAL_BYTES,
                ModelCodec.encodeInitial(new OnlineReflection(LearnerSpec.classifier(10), 784)).length);
    }

    @Example
    void aModelDecodedFromItsInitialFormLearnsAsTheOriginal() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), OnlineReflectionTest.D);
        OnlineReflection back = ModelCodec.decodeOnline(ModelCodec.encodeInitial(model));
        for (double[] row : OnlineReflectionTest.data(200, 7)) {
            model.learnOne(row, row[2] > 0 ? 1 : 0);
            back.learnOne(row, row[2] > 0 ? 1 : 0);
        }
        assertArrayEquals(ModelCodec.encode(model), ModelCodec.encode(back));
    }

    @Example
    void aModelThatHasLearntHasNoInitialForm() {
        OnlineReflection trained = OnlineReflectionTest.trained();
        assertFalse(trained.isInitial());
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.encodeInitial(trained));
    }

    @Example
    void aWarmStartsLearnerHasLearntNothingHereButIsNotInitial() {
        WarmStart warm = WarmStartFixture.small().warmStart;
        OnlineReflection copy = warm.learner(LearnerSpec.classifier(WarmStartFixture.CLASSES));
        assertEquals(0, copy.examples());
        assertFalse(copy.isInitial());
        assertThrows(IllegalArgumentException.class, () -> ModelCodec.encodeInitial(copy));
    }

    @Example
    void aCovarianceResetOfANewModelKeepsItInitial() {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 4);
        model.resetCovariance();
        assertTrue(model.isInitial());
    }

    @Example
    void anInitialFormOfTheWrongLengthIsRefused() {
        byte[] bytes = ModelCodec.encodeInitial(new OnlineReflection(LearnerSpec.classifier(2), 3));
        byte[] longer = resealed(java.util.Arrays.copyOf(bytes, bytes.length + 8));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(longer));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Example
    void onlyOnlineModelsHaveAVersionThree() {
        byte[] linear = ModelCodec.encode(new LinearModel(LinearModel.Output.SOFTMAX, 1, new double[] {0, 0},
                new double[] {1, 2}, 1));
        ByteBuffer.wrap(linear).putShort(4, ModelCodec.VERSION_INITIAL);
        byte[] sealed = resealed(linear);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeLinear(sealed));
        assertTrue(e.getMessage().contains("has no version 3"), e.getMessage());
    }

    /** {@code bytes} with its CRC-32C trailer recomputed over everything before it. */
    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
