package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReflectionTest {

    /** The shortcut past the exponential gives spinClipped's bits, on both sides of |h| = tmax and at the edges. */
    @Test
    void unitSpinClippedIsSpinClippedBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        double[] tmaxes = {1e-9, 1e-6, 0.5, 2.0, 2.5757, 3.0, 7.0, 1e300, Double.POSITIVE_INFINITY};
        double[] edges = {0.0, -0.0, 1e-7, 1e-6, 2.0, 3.0, 1e300, Double.MAX_VALUE, Double.MIN_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double tmax : tmaxes) {
            for (double spin : new double[] {1.0, -1.0}) {
                for (double h : edges) {
                    assertSameBits(h, spin, tmax);
                    assertSameBits(-h, spin, tmax);
                    assertSameBits(Math.nextUp(tmax), spin, tmax);
                    assertSameBits(Math.nextDown(tmax), spin, tmax);
                    assertSameBits(-tmax, spin, tmax);
                }
                for (int i = 0; i < 20_000; i++) {
                    double magnitude = Math.scalb(random.nextDouble(), random.nextInt(-30, 8));
                    double h = random.nextBoolean() ? magnitude : -magnitude;
                    assertSameBits(h, spin, tmax);
                    assertSameBits(tmax + (random.nextDouble() - 0.5) * 1e-3, spin, tmax);
                }
            }
        }
    }

    /** The same bits, any NaN being NaN: Java leaves a NaN's sign and payload to the hardware. */
    private static void assertSameBits(double h, double spin, double tmax) {
        assertEquals(Double.doubleToLongBits(Reflection.spinClipped(h, spin, tmax)),
                Double.doubleToLongBits(Reflection.unitSpinClipped(h, spin, tmax)),
                () -> "h=" + h + " spin=" + spin + " tmax=" + tmax);
    }

    @Test
    void zeroFieldReflectsToTwiceTheSpin() {
        assertEquals(2.0, Reflection.spin(0.0, 1), 0.0);
        assertEquals(-2.0, Reflection.spin(0.0, -1), 0.0);
    }

    @Test
    void reflectionIsContinuousThroughTheSmallFieldSeries() {
        double below = Reflection.spin(0.999e-6, 1);
        double above = Reflection.spin(1.001e-6, 1);
        assertEquals(below, above, 1e-12);
    }

    @Test
    void reflectedFieldTakesTheObservedSignWithMagnitudeAtLeastTwo() {
        for (double h = -30; h <= 30; h += 0.37) {
            double up = Reflection.spin(h, 1);
            double down = Reflection.spin(h, -1);
            assertTrue(up >= 2.0, "h=" + h);
            assertTrue(down <= -2.0, "h=" + h);
        }
    }

    @Test
    void correctConfidentPredictionIsPushedFurtherAndWrongOneFlips() {
        assertTrue(Reflection.spin(3.0, 1) > 3.0);
        assertEquals(-3.0 / Math.tanh(1.5), Reflection.spin(3.0, -1), 1e-12);
    }

    @Test
    void clippedReflectionRespectsTmax() {
        assertEquals(2.5, Reflection.spinClipped(10.0, 1, 2.5), 0.0);
        assertEquals(-2.5, Reflection.spinClipped(10.0, -1, 2.5), 0.0);
        assertEquals(Reflection.spin(1.0, 1), Reflection.spinClipped(1.0, 1, 5.0), 0.0);
    }

    @Test
    void sigmoidIsStableAtExtremes() {
        assertEquals(1.0, Reflection.sigmoid(1000), 0.0);
        assertEquals(0.0, Reflection.sigmoid(-1000), 1e-300);
        assertEquals(0.5, Reflection.sigmoid(0), 0.0);
    }

    @Test
    void langevinReflectionHasTheLimitThreeYAtZero() {
        assertEquals(1.5, Reflection.langevin(0.0, 0.5), 1e-12);
        double h = 0.7;
        double expectation = 1 / Math.tanh(h) - 1 / h;
        assertEquals(h * 0.5 / expectation, Reflection.langevin(h, 0.5), 1e-12);
    }
}
