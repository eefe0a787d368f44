package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReflectionTest {

    /** The shortcut past the tanh gives spinClipped's bits, on both sides of |h| = tmax and at the edges. */
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

    private static void assertSameBits(double h, double spin, double tmax) {
        assertEquals(Double.doubleToRawLongBits(Reflection.spinClipped(h, spin, tmax)),
                Double.doubleToRawLongBits(Reflection.unitSpinClipped(h, spin, tmax)),
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
    void softmaxReflectionOfAnEvenClassMatchesTheSpinLimit() {
        // p = 1/2: h1 = h2 = log(1/2), so h1* = log(1/2) + 2s
        assertEquals(Math.log(0.5) + 2, Reflection.softmaxLogProbability(0.5, 1), 1e-12);
        assertEquals(Math.log(0.5) - 2, Reflection.softmaxLogProbability(0.5, -1), 1e-12);
    }

    @Test
    void langevinReflectionHasTheLimitThreeYAtZero() {
        assertEquals(1.5, Reflection.langevin(0.0, 0.5), 1e-12);
        double h = 0.7;
        double expectation = 1 / Math.tanh(h) - 1 / h;
        assertEquals(h * 0.5 / expectation, Reflection.langevin(h, 0.5), 1e-12);
    }

    @Test
    void batchSoftmaxReflectionIsThePerClassReflectionOfTheSoftmaxProbabilities() {
        double[] fields = {0.5, -1.0, 2.0, 0.0, 0.0, 0.0};
        int[] labels = {2, 0};
        double[] targets = new double[6];
        double[] p = new double[3];
        double cost = Reflection.reflectSoftmax(fields, labels, 3, targets, p);
        double expectedCost = 0;
        for (int i = 0; i < 2; i++) {
            Reflection.softmax(fields, 3 * i, 3, p);
            for (int k = 0; k < 3; k++) {
                double spin = labels[i] == k ? 1 : -1;
                assertEquals(Reflection.softmaxLogProbability(p[k], spin), targets[3 * i + k], 1e-15);
                double e = p[k] - (labels[i] == k ? 1 : 0);
                expectedCost += e * e;
            }
        }
        assertEquals(expectedCost, cost, 1e-15);
        Reflection.softmax(fields, 3, 3, p);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, p, 1e-15);
    }
}
