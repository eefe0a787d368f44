package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.erstream.learn.ModelCodec;
import io.erstream.learn.ModelFormatException;
import io.erstream.learn.WarmStart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Snapshot compatibility. {@code snapshots/keyed-model-v2.bin} was written by the version-2 codec (before the
 * rolling window was packed into bits): key sensor-7, 3 positional features, 1,500 examples learnt of which 1,391
 * were predicted right, 925 of the last 1,000. {@code keyed-model-v3.bin} was written by the version-3 codec of commit
 * 8db4b0a (before the warm-start section): the same model after 300 more seeded examples, sequence 1,800, 1,645
 * right, 903 of the last 1,000. {@code keyed-model-v4-warm.bin} is a version-4 snapshot of key blobs-1, warm-started
 * from {@code warm-start-4-16-3.bin} (a 4 → 16 → 3 network on WarmStartFixture's blobs, fingerprint b6c504a5)
 * after 200 examples, 193 right.
 */
class KeyedModelCodecTest {

    @Test
    void aVersionTwoSnapshotStillDecodesWithItsMetrics() throws IOException {
        KeyedModel model = KeyedModelCodec.decode(versionTwo());
        assertEquals("sensor-7", model.key());
        assertEquals(1500, model.sequence());
        assertEquals(1391.0 / 1500, model.classification().accuracy());
        assertEquals(0.925, model.classification().rollingAccuracy());
    }

    @Test
    void reEncodingAVersionTwoSnapshotWritesTheCurrentVersionWithTheSameLearner() throws IOException {
        byte[] old = versionTwo();
        byte[] current = KeyedModelCodec.encode(KeyedModelCodec.decode(old));
        assertEquals(KeyedModelCodec.VERSION, ByteBuffer.wrap(current).getShort(4));
        assertArrayEquals(KeyedModelCodec.learnerBytes(old), KeyedModelCodec.learnerBytes(current));
        assertArrayEquals(current, KeyedModelCodec.encode(KeyedModelCodec.decode(current)));
    }

    @Test
    void aModelDecodedFromEitherVersionContinuesIdentically() throws IOException {
        KeyedModel fromOld = KeyedModelCodec.decode(versionTwo());
        KeyedModel fromCurrent = KeyedModelCodec.decode(KeyedModelCodec.encode(fromOld));
        Random random = new Random(7);
        Example e = new Example();
        e.features = new double[3];
        e.labelled = true;
        for (int i = 0; i < 1200; i++) { // longer than the rolling window, so every stored slot is read back
            for (int k = 0; k < 3; k++) {
                e.features[k] = random.nextGaussian();
            }
            e.classIndex = random.nextBoolean() ? 1 : 0;
            fromOld.testThenTrain(e);
            fromCurrent.testThenTrain(e);
            assertEquals(fromOld.classification().rollingAccuracy(), fromCurrent.classification().rollingAccuracy());
        }
        assertArrayEquals(KeyedModelCodec.encode(fromOld), KeyedModelCodec.encode(fromCurrent));
    }

    @Test
    void aVersionNewerThanThisBuildIsRefusedNamingTheVersions() throws IOException {
        byte[] future = KeyedModelCodec.encode(KeyedModelCodec.decode(versionTwo()));
        ByteBuffer.wrap(future).putShort(4, (short) (KeyedModelCodec.ENCODED_VERSION + 1));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KeyedModelCodec.decode(future));
        assertEquals("unsupported keyed model version " + (KeyedModelCodec.ENCODED_VERSION + 1)
                + " (this build reads 2 to " + KeyedModelCodec.ENCODED_VERSION + ")", e.getMessage());
    }

    @Test
    void aVersionThreeSnapshotStillDecodesAsTheSameLinearModel() throws IOException {
        byte[] old = resource("keyed-model-v3.bin");
        KeyedModel model = KeyedModelCodec.decode(old);
        assertEquals("sensor-7", model.key());
        assertEquals(1800, model.sequence());
        assertEquals(1645.0 / 1800, model.classification().accuracy());
        assertEquals(0.903, model.classification().rollingAccuracy());
        assertNull(model.warmStart());
        byte[] current = KeyedModelCodec.encode(model);
        assertEquals(KeyedModelCodec.VERSION, ByteBuffer.wrap(current).getShort(4));
        assertArrayEquals(KeyedModelCodec.learnerBytes(old), KeyedModelCodec.learnerBytes(current));
    }

    @Test
    void aWarmStartedSnapshotDecodesAgainstItsWarmStartAndReEncodesBitIdentically() throws IOException {
        WarmStart warm = ModelCodec.decodeWarmStart(resource("warm-start-4-16-3.bin"));
        byte[] bytes = resource("keyed-model-v4-warm.bin");
        KeyedModel model = KeyedModelCodec.decode(bytes, warm);
        assertEquals("blobs-1", model.key());
        assertEquals(200, model.sequence());
        assertEquals(193.0 / 200, model.classification().accuracy());
        assertEquals(4, model.dimension());
        assertEquals(16, model.learner().dimension());
        assertSame(warm, model.warmStart());
        assertArrayEquals(bytes, KeyedModelCodec.encode(model));
    }

    @Test
    void aWarmStartedSnapshotIsRefusedWithoutAWarmStartNamingTheOneItNeeds() throws IOException {
        byte[] bytes = resource("keyed-model-v4-warm.bin");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KeyedModelCodec.decode(bytes));
        assertEquals("snapshot of 'blobs-1' was made from warm start b6c504a5; none is configured "
                + "(erstream.model.warm-start)", e.getMessage());
    }

    private static byte[] versionTwo() throws IOException {
        return resource("keyed-model-v2.bin");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = KeyedModelCodecTest.class.getResourceAsStream("/snapshots/" + name)) {
            return in.readAllBytes();
        }
    }
}
