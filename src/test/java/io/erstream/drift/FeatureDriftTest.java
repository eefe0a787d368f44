package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureDriftTest {

    private static final int D = 4;
    private static final int REFERENCE = 2_000;
    private static final int RECENT = 1_000;

    /** Feature f ~ N(f, 1), except that {@code shifted} has its mean moved by {@code shift}. */
    private static void feed(FeatureDrift drift, SplittableRandom random, int n, int shifted, double shift) {
        double[] x = new double[D];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < D; f++) {
                x[f] = f + gaussian(random) + (f == shifted ? shift : 0);
            }
            drift.update(x);
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void psiIsNearZeroForTheSameDistribution() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        SplittableRandom random = new SplittableRandom(1);
        feed(drift, random, REFERENCE + RECENT, -1, 0);
        assertTrue(drift.maxPsi() < 0.05, "max PSI " + drift.maxPsi());
    }

    @Test
    void psiIsLargeForTheShiftedFeatureAndMaxFeatureNamesIt() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        SplittableRandom random = new SplittableRandom(2);
        feed(drift, random, REFERENCE, -1, 0);
        feed(drift, random, RECENT, 2, 1.0);
        assertTrue(drift.psi(2) > 0.5, "PSI " + drift.psi(2));
        assertTrue(drift.psi(0) < 0.05, "PSI " + drift.psi(0));
        assertEquals(2, drift.maxFeature());
        assertEquals(drift.psi(2), drift.maxPsi());
    }

    @Test
    void recentWindowSlidesBackWhenTheShiftEnds() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        SplittableRandom random = new SplittableRandom(3);
        feed(drift, random, REFERENCE, -1, 0);
        feed(drift, random, RECENT, 1, 2.0);
        feed(drift, random, RECENT, -1, 0);
        assertTrue(drift.maxPsi() < 0.05, "max PSI " + drift.maxPsi());
    }

    @Test
    void notReadyUntilBothWindowsAreFull() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        SplittableRandom random = new SplittableRandom(4);
        feed(drift, random, REFERENCE + RECENT - 1, 0, 5.0);
        assertFalse(drift.ready());
        assertEquals(0, drift.maxPsi());
        assertEquals(-1, drift.maxFeature());
        feed(drift, random, 1, -1, 0);
        assertTrue(drift.ready());
    }

    @Test
    void constantAndBinaryFeaturesGiveFinitePsi() {
        FeatureDrift drift = new FeatureDrift(2, 10, 100, 100);
        for (int i = 0; i < 200; i++) {
            drift.update(new double[] {3.0, i < 100 ? i % 4 / 3 : 1});
        }
        assertEquals(0, drift.psi(0));
        assertTrue(Double.isFinite(drift.psi(1)) && drift.psi(1) > 1, "PSI " + drift.psi(1));
    }

    @Test
    void resetCollectsANewReference() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        SplittableRandom random = new SplittableRandom(5);
        feed(drift, random, REFERENCE + RECENT, 3, 0);
        drift.reset();
        feed(drift, random, REFERENCE + RECENT, 3, 3.0);
        assertTrue(drift.maxPsi() < 0.05, "max PSI " + drift.maxPsi());
    }

    @Test
    void rejectsAnExampleOfTheWrongDimension() {
        FeatureDrift drift = new FeatureDrift(D, 10, REFERENCE, RECENT);
        assertThrows(IllegalArgumentException.class, () -> drift.update(new double[D + 1]));
    }

    @Test
    void stateRoundTripContinuesBitExactly() throws IOException {
        for (int n : new int[] {0, 500, REFERENCE, REFERENCE + 300, REFERENCE + 2 * RECENT + 7}) {
            FeatureDrift original = new FeatureDrift(D, 8, REFERENCE, RECENT);
            SplittableRandom random = new SplittableRandom(6);
            feed(original, random, n, -1, 0);
            FeatureDrift restored = roundTrip(original);
            SplittableRandom a = new SplittableRandom(7);
            SplittableRandom b = new SplittableRandom(7);
            for (int i = 0; i < 40; i++) {
                feed(original, a, 100, 1, 1.5);
                feed(restored, b, 100, 1, 1.5);
                assertEquals(original.ready(), restored.ready());
                for (int f = 0; f < D; f++) {
                    assertEquals(Double.doubleToLongBits(original.psi(f)), Double.doubleToLongBits(restored.psi(f)));
                }
            }
        }
    }

    private static FeatureDrift roundTrip(FeatureDrift drift) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        drift.writeTo(new DataOutputStream(bytes));
        return FeatureDrift.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
