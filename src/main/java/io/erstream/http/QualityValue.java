package io.erstream.http;

/**
 * The value behind a model-quality gauge. A named model shows its latest value. The {@code other}
 * bucket mixes many models, so there the latest value would jump between unrelated models at each
 * scrape; it shows an exponentially weighted mean instead (weight 1/20 per report), a smooth "typical
 * long-tail model". Writes race benignly: a lost blend changes nothing a dashboard can see.
 */
final class QualityValue {

    private static final double WEIGHT = 0.05;

    private final boolean blended;
    private volatile double value = Double.NaN;

    QualityValue(boolean blended) {
        this.blended = blended;
    }

    void report(double v) {
        double old = value;
        value = blended && !Double.isNaN(old) ? old + WEIGHT * (v - old) : v;
    }

    double value() {
        return value;
    }
}
