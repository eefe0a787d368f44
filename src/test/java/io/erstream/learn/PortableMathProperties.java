package io.erstream.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.learn.research.StrictReflection;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * {@link PortableMath} against {@code StrictMath} (fdlibm, within 1 ulp of the exact value): its exp, expm1 and
 * log, and the online reflections built on them against the fits' {@link StrictReflection}, agree to a few ulp
 * everywhere, and the edges (overflow, underflow, NaN, infinities, signed zero) are those of {@code StrictMath} (any
 * NaN being NaN: Java leaves its sign and payload to the hardware).
 */
class PortableMathProperties {

    @Property(tries = 5000)
    void expIsWithinOneUlpOfStrictMath(@ForAll @DoubleRange(min = -745.1, max = 709.78) double x) {
        assertWithinUlps(StrictMath.exp(x), PortableMath.exp(x), 1, x);
    }

    @Property(tries = 5000)
    void expm1IsWithinTwoUlpsOfStrictMath(@ForAll @DoubleRange(min = -45, max = 45) double x) {
        assertWithinUlps(StrictMath.expm1(x), PortableMath.expm1(x), 2, x);
    }

    /** Where {@code exp(x) − 1} would cancel, expm1 keeps its relative accuracy. */
    @Property(tries = 5000)
    void expm1OfASmallArgumentIsWithinTwoUlps(@ForAll @DoubleRange(min = -300, max = -0.3) double log10,
                                              @ForAll boolean negative) {
        double x = (negative ? -1 : 1) * Math.pow(10, log10);
        assertWithinUlps(StrictMath.expm1(x), PortableMath.expm1(x), 2, x);
    }

    @Property(tries = 5000)
    void logIsWithinOneUlpOfStrictMath(@ForAll @DoubleRange(min = -1074, max = 1023.99) double log2) {
        double x = Math.pow(2, log2);
        assertWithinUlps(StrictMath.log(x), PortableMath.log(x), 1, x);
    }

    /** Near 1, where log x is small and its relative accuracy rests on the exact m − 1. */
    @Property(tries = 5000)
    void logNearOneIsWithinOneUlp(@ForAll @DoubleRange(min = 0.5, max = 2) double x) {
        assertWithinUlps(StrictMath.log(x), PortableMath.log(x), 1, x);
    }

    @Property(tries = 5000)
    void theSpinReflectionIsWithinFourUlpsOfTheStrictOne(@ForAll @DoubleRange(min = -50, max = 50) double h,
                                                         @ForAll boolean up) {
        double spin = up ? 1 : -1;
        assertWithinUlps(StrictReflection.spin(h, spin), Reflection.spin(h, spin), 4, h);
    }

    @Property(tries = 5000)
    void theSigmoidIsWithinTwoUlpsOfTheStrictOne(@ForAll @DoubleRange(min = -800, max = 800) double h) {
        assertWithinUlps(StrictReflection.sigmoid(h), Reflection.sigmoid(h), 2, h);
    }

    @Property(tries = 5000)
    void theLangevinReflectionAgreesWithTheTanhForm(@ForAll @DoubleRange(min = 0.01, max = 50) double a,
                                                    @ForAll boolean negative,
                                                    @ForAll @DoubleRange(min = -1, max = 1) double y) {
        double h = negative ? -a : a;
        double tanhForm = h * y / (1.0 / StrictMath.tanh(h) - 1.0 / h);
        assertEquals(tanhForm, Reflection.langevin(h, y), 1e-11 * Math.abs(tanhForm), () -> "h=" + h + " y=" + y);
    }

    @Example
    void theEdgesAreStrictMathsEdges() {
        double[] edges = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 709.78,
            709.79, 710, 1e300, -745.13, -745.14, -746, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, 40, -40, 41, -41};
        for (double x : edges) {
            assertEquals(Double.doubleToLongBits(StrictMath.exp(x)), Double.doubleToLongBits(PortableMath.exp(x)),
                    () -> "exp(" + x + ")");
            assertEquals(Double.doubleToLongBits(StrictMath.expm1(x)), Double.doubleToLongBits(PortableMath.expm1(x)),
                    () -> "expm1(" + x + ")");
        }
        double[] logEdges = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, -1, 1,
            Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 2, 0.5};
        for (double x : logEdges) {
            assertEquals(Double.doubleToLongBits(StrictMath.log(x)), Double.doubleToLongBits(PortableMath.log(x)),
                    () -> "log(" + x + ")");
        }
    }

    @Example
    void eToTheOneIsE() {
        assertEquals(Math.E, PortableMath.exp(1), Math.ulp(Math.E));
        assertEquals(1.0, PortableMath.exp(0), 0.0);
    }

    private static void assertWithinUlps(double expected, double actual, int ulps, double x) {
        double ulp = Math.max(Math.ulp(expected), Double.MIN_VALUE);
        assertTrue(Math.abs(expected - actual) <= ulps * ulp,
                () -> "at " + x + ": " + actual + " against " + expected + ", " + Math.abs(expected - actual) / ulp
                        + " ulps");
    }
}
