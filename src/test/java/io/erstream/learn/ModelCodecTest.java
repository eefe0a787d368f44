package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelCodecTest {

    @Test
    void onlineModelRoundTripsBitExactly() {
        OnlineReflection model = OnlineReflectionTest.trained();
        byte[] bytes = ModelCodec.encode(model);
        OnlineReflection back = ModelCodec.decodeOnline(bytes);
        assertArrayEquals(bytes, ModelCodec.encode(back));
        assertEquals(model.updates(), back.updates());
        assertEquals(model.spec(), back.spec());
    }

    @Test
    void restoredModelContinuesExactlyAsTheOriginal() {
        OnlineReflection model = OnlineReflectionTest.trained();
        OnlineReflection back = ModelCodec.decodeOnline(ModelCodec.encode(model));
        for (double[] row : OnlineReflectionTest.data(100, 44)) {
            model.learnOne(row, row[2] > 0 ? 1 : 0);
            back.learnOne(row, row[2] > 0 ? 1 : 0);
        }
        assertArrayEquals(ModelCodec.encode(model), ModelCodec.encode(back));
    }

    @Test
    void linearModelRoundTripsBitExactly() {
        LinearModel model = new LinearModel(LinearModel.Output.SOFTMAX, 2, new double[] {0.1, -0.1, Math.PI},
                new double[] {1, 2, 3, 4, 5, -0.0}, 7);
        byte[] bytes = ModelCodec.encode(model);
        assertArrayEquals(bytes, ModelCodec.encode(ModelCodec.decodeLinear(bytes)));
    }

    @Test
    void aFlippedBitIsRejectedAsCorrupt() {
        byte[] bytes = ModelCodec.encode(OnlineReflectionTest.trained());
        bytes[bytes.length / 2] ^= 0x10;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(bytes));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] bytes = ModelCodec.encode(OnlineReflectionTest.trained());
        for (int length : new int[] {0, 3, 11, bytes.length - 1}) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(cut), "length " + length);
        }
    }

    @Test
    void foreignBytesAreRejectedNamingTheMagic() {
        byte[] json = "{\"weights\": [1, 2, 3]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(json));
        assertTrue(e.getMessage().contains("not an erstream model"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRejected() {
        byte[] bytes = ModelCodec.encode(OnlineReflectionTest.trained());
        bytes[5] = 9;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(bytes));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void theWrongKindIsRejected() {
        byte[] linear = ModelCodec.encode(new LinearModel(LinearModel.Output.BINARY, 1, new double[] {0},
                new double[] {1}, 1));
        assertThrows(ModelFormatException.class, () -> ModelCodec.decodeOnline(linear));
        assertEquals(ModelCodec.KIND_LINEAR, ModelCodec.kind(linear));
    }

    /** Kind 2 as a stored file: a change to the linear model's bytes fails here. */
    @Test
    void aLinearModelEncodesToItsStoredBytes() throws IOException {
        byte[] stored = resource("linear-model-v1.bin");
        LinearModel model = new LinearModel(LinearModel.Output.SOFTMAX, 2, new double[] {0.1, -0.1, Math.PI},
                new double[] {1, 2, 3, 4, 5, -0.0}, 7);
        assertArrayEquals(stored, ModelCodec.encode(model));
        assertArrayEquals(stored, ModelCodec.encode(ModelCodec.decodeLinear(stored)));
    }

    /** Kind 3 as a stored file: a change to the multilayer model's bytes fails here. */
    @Test
    void aMultilayerModelEncodesToItsStoredBytes() throws IOException {
        byte[] stored = resource("multilayer-model-v1.bin");
        MultilayerModel model = new MultilayerModel(LinearModel.Output.ONE_VS_REST, 2, 3, 2,
                new double[] {0.5, -0.25, Math.E}, new double[] {1, -2, 0.75, Double.MIN_VALUE, -0.0, 3},
                new double[] {0.125, -1}, new double[] {0.3, -0.6, 0.9, 1.2, -1.5, 1.8}, 4);
        assertArrayEquals(stored, ModelCodec.encode(model));
        assertArrayEquals(stored, ModelCodec.encode(ModelCodec.decodeMultilayer(stored)));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelCodecTest.class.getResourceAsStream("/snapshots/" + name)) {
            return in.readAllBytes();
        }
    }
}
