package io.erstream.learn;

import java.math.BigDecimal;

/**
 * The exponential and the logarithm of the online learner and of its metrics, in plain Java arithmetic:
 * {@code + − × ÷}, {@link Math#rint}, {@link Math#scalb} and bit operations, each of which Java specifies to the bit.
 * So, like {@code StrictMath}, they give the same bits on every JVM of version 17 or later and every CPU
 * (docs/exactness.md, "Across hosts"), which a model replayed on another host needs. Unlike {@code StrictMath} on
 * JDK 17, whose tanh and log are native calls, they are inlined: σ, the reflection and the log loss of a step take
 * half the time or less (docs/results/learning-speed.md).
 *
 * <p>The methods are the textbook ones. For exp, the argument is reduced to {@code x = k·ln 2 + r} with
 * |r| ≤ ln 2 / 2, ln 2 split in two parts (Cody and Waite) so that {@code k·ln 2} is subtracted without losing r's
 * bits; {@code e^r − 1} is its Taylor series through r¹³, whose remainder is below 2⁻⁵⁶ of the result on that
 * interval, evaluated in Estrin's order (a tree, so the multiplications overlap); and the result is scaled by 2^k
 * exactly. For log, see {@link #log}. {@code PortableMathProperties} checks each against {@code StrictMath}: exp and
 * log within 1 ulp of it, expm1 within 2.
 */
public final class PortableMath {

    private static final double LN2 = 0.6931471805599453;
    /** ln 2 to 21 significant bits: {@code k · LN2_HI} is exact for |k| below 2³², and so is {@code x − k · LN2_HI}. */
    private static final double LN2_HI = Double.longBitsToDouble(Double.doubleToLongBits(LN2) & 0xFFFF_FFFF_0000_0000L);
    /** The rest of ln 2, from its decimal expansion: {@code LN2_HI + LN2_LO} is ln 2 to about 75 bits. */
    private static final double LN2_LO = new BigDecimal("0.693147180559945309417232121458176568075500134360255254")
            .subtract(new BigDecimal(LN2_HI)).doubleValue();
    private static final double INV_LN2 = 1.4426950408889634;
    /** 1 / n! for n = 2 … 13: the series of (e^r − 1 − r) / r² (every n! here is exact in a double). */
    private static final double C0 = 1.0 / 2;
    private static final double C1 = 1.0 / 6;
    private static final double C2 = 1.0 / 24;
    private static final double C3 = 1.0 / 120;
    private static final double C4 = 1.0 / 720;
    private static final double C5 = 1.0 / 5_040;
    private static final double C6 = 1.0 / 40_320;
    private static final double C7 = 1.0 / 362_880;
    private static final double C8 = 1.0 / 3_628_800;
    private static final double C9 = 1.0 / 39_916_800;
    private static final double C10 = 1.0 / 479_001_600;
    private static final double C11 = 1.0 / 6_227_020_800.0;

    /** 2 / (2n + 1) for n = 1 … 10: the series of 2 atanh(s) / s − 2 in s² (the remainder is below 2⁻⁵⁹). */
    private static final double L1 = 2.0 / 3;
    private static final double L2 = 2.0 / 5;
    private static final double L3 = 2.0 / 7;
    private static final double L4 = 2.0 / 9;
    private static final double L5 = 2.0 / 11;
    private static final double L6 = 2.0 / 13;
    private static final double L7 = 2.0 / 15;
    private static final double L8 = 2.0 / 17;
    private static final double L9 = 2.0 / 19;
    private static final double L10 = 2.0 / 21;
    private static final double SQRT2 = 1.4142135623730951;
    private static final double TWO_TO_54 = 0x1p54;

    /** Above this e^x overflows (ln of the largest double is 709.78…). */
    private static final double OVERFLOW = 709.8;
    /** Below this e^x is 0 (the smallest subnormal is e^−744.4). */
    private static final double UNDERFLOW = -746;
    /** Beyond this e^x − 1 is −1 and e^x to the last bit. */
    private static final double SATURATED = 40;

    private PortableMath() {
    }

    /** e^x: +∞ above about 709.78, 0 below about −745.1, NaN for NaN. */
    public static double exp(double x) {
        if (x > OVERFLOW) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < UNDERFLOW) {
            return 0.0;
        }
        int k = (int) Math.rint(x * INV_LN2);
        double m = 1.0 + expm1Reduced(x - k * LN2_HI - k * LN2_LO);
        return k >= Double.MIN_EXPONENT && k <= Double.MAX_EXPONENT ? m * powerOfTwo(k) : Math.scalb(m, k);
    }

    /**
     * e^x − 1, accurate to the last bit's order for small |x| too, where {@code exp(x) − 1} would lose most of its
     * bits: the reflection {@code a / tanh(a/2)} is formed from it ({@link Reflection#spin}).
     */
    public static double expm1(double x) {
        if (x > SATURATED) {
            return exp(x);
        }
        if (x < -SATURATED) {
            return -1.0;
        }
        if (x == 0) {
            return x; // keeps the sign of −0
        }
        int k = (int) Math.rint(x * INV_LN2);
        double p = expm1Reduced(x - k * LN2_HI - k * LN2_LO);
        if (k == 0) {
            return p;
        }
        double scale = powerOfTwo(k); // |k| ≤ 58 here; 2^k − 1 is exact while |k| ≤ 53
        return scale * p + (scale - 1.0);
    }

    /**
     * 2^k for a normal exponent k, built from its bits: {@link Math#scalb} gives the same but checks its range on
     * every call, which costs as much as the polynomial.
     */
    private static double powerOfTwo(int k) {
        return Double.longBitsToDouble((long) (k + Double.MAX_EXPONENT) << 52);
    }

    /**
     * The natural logarithm: −∞ at ±0, NaN below 0 and for NaN, +∞ at +∞. x is split into 2^k · m with
     * m in [√½, √2], and {@code log m = 2 atanh(s)}, {@code s = f / (2 + f)}, {@code f = m − 1} (exact); written as
     * {@code f − (f²/2 − s·(f²/2 + R))} with R the atanh series in s² through s²⁰, so that the exact f carries the
     * result and the rounded terms only its small corrections.
     */
    public static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            return x == 0 ? Double.NEGATIVE_INFINITY : x > 0 ? x : Double.NaN;
        }
        int k = 0;
        if (x < Double.MIN_NORMAL) {
            x *= TWO_TO_54;
            k = -54;
        }
        long bits = Double.doubleToRawLongBits(x);
        k += (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble(bits & 0x000F_FFFF_FFFF_FFFFL | 0x3FF0_0000_0000_0000L); // [1, 2)
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }
        double f = m - 1.0;
        double s = f / (2.0 + f);
        double z = s * s;
        double z2 = z * z;
        double z4 = z2 * z2;
        double series = z * ((L1 + L2 * z) + (L3 + L4 * z) * z2 + ((L5 + L6 * z) + (L7 + L8 * z) * z2) * z4
                + (L9 + L10 * z) * (z4 * z4));
        double halfSquare = 0.5 * f * f;
        double logM = f - (halfSquare - s * (halfSquare + series));
        return k == 0 ? logM : k * LN2_HI + (logM + k * LN2_LO);
    }

    /** e^r − 1 for |r| ≤ ln 2 / 2 (a little more is fine), in Estrin's order. */
    private static double expm1Reduced(double r) {
        double r2 = r * r;
        double r4 = r2 * r2;
        double low = (C0 + C1 * r) + (C2 + C3 * r) * r2;
        double middle = (C4 + C5 * r) + (C6 + C7 * r) * r2;
        double high = (C8 + C9 * r) + (C10 + C11 * r) * r2;
        return r + r2 * (low + (middle + high * r4) * r4);
    }
}
