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

class LabelDriftTest {

    /** Labels 0..2 with probabilities {@code p0}, {@code p1}, rest. */
    private static void feed(LabelDrift drift, SplittableRandom random, int n, double p0, double p1) {
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            drift.update(u < p0 ? 0 : u < p0 + p1 ? 1 : 2);
        }
    }

    @Test
    void psiIsNearZeroForTheSamePriors() {
        LabelDrift drift = new LabelDrift(3, 2_000, 1_000);
        feed(drift, new SplittableRandom(1), 3_000, 0.5, 0.3);
        assertTrue(drift.psi() < 0.02, "PSI " + drift.psi());
    }

    @Test
    void psiIsLargeWhenThePriorsShift() {
        LabelDrift drift = new LabelDrift(3, 2_000, 1_000);
        SplittableRandom random = new SplittableRandom(2);
        feed(drift, random, 2_000, 0.5, 0.3);
        feed(drift, random, 1_000, 0.2, 0.3);
        assertTrue(drift.psi() > 0.25, "PSI " + drift.psi());
    }

    @Test
    void aClassAbsentFromTheReferenceGivesFinitePsi() {
        LabelDrift drift = new LabelDrift(2, 10, 10);
        for (int i = 0; i < 10; i++) {
            drift.update(0);
        }
        for (int i = 0; i < 10; i++) {
            drift.update(1);
        }
        assertTrue(Double.isFinite(drift.psi()) && drift.psi() > 5, "PSI " + drift.psi());
    }

    @Test
    void notReadyUntilBothWindowsAreFull() {
        LabelDrift drift = new LabelDrift(3, 100, 50);
        feed(drift, new SplittableRandom(3), 149, 1, 0);
        assertFalse(drift.ready());
        assertEquals(0, drift.psi());
        drift.update(2);
        assertTrue(drift.ready());
    }

    @Test
    void rejectsALabelOutOfRange() {
        LabelDrift drift = new LabelDrift(3, 100, 50);
        assertThrows(IllegalArgumentException.class, () -> drift.update(3));
        assertThrows(IllegalArgumentException.class, () -> drift.update(-1));
    }

    @Test
    void stateRoundTripContinuesBitExactly() throws IOException {
        for (int n : new int[] {0, 50, 100, 120, 400}) {
            LabelDrift original = new LabelDrift(3, 100, 50);
            feed(original, new SplittableRandom(4), n, 0.5, 0.3);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.writeTo(new DataOutputStream(bytes));
            LabelDrift restored = LabelDrift.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            SplittableRandom a = new SplittableRandom(5);
            SplittableRandom b = new SplittableRandom(5);
            for (int i = 0; i < 300; i++) {
                feed(original, a, 1, 0.2, 0.3);
                feed(restored, b, 1, 0.2, 0.3);
                assertEquals(Double.doubleToLongBits(original.psi()), Double.doubleToLongBits(restored.psi()));
            }
        }
    }
}
