package io.erstream.eval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * The Agrawal stream as event records, for measuring how erstream encodes named features: each example becomes a
 * JSON value of {@code erstream.examples} whose nominal attributes are their original categories as strings
 * ({@code "elevel": "level2"}, {@code "car": "car7"}, {@code "zipcode": "zipcode3"}), with each attribute absent
 * with probability {@code missing}. {@link #oneHot()} is the same example encoded by hand, as a feature array: each
 * number (a missing one replaced by the running mean of its earlier values) and its missing indicator, then every
 * category of the three nominal attributes one-hot (all zero when missing) — the encoding a careful user would
 * write for a linear model, which erstream's own encoding is compared with.
 *
 * <p>Made {@link #withBooleans() with booleans}, an event also says whether the person earns a commission
 * ({@code "commissioned": true}, present when the commission is): a boolean field as events carry them, derived from
 * the commission (zero for salaries of 75,000 and above), so it adds no information the stream lacks. The
 * measurements use the events without it.
 */
public final class AgrawalEvents implements EventStream {

    private static final int[] NUMERIC = {0, 1, 2, 6, 7, 8};
    private static final int COMMISSION = 1;
    private static final int[] NOMINAL = {3, 4, 5};
    private static final String[] PREFIX = {"level", "car", "zipcode"};
    private static final int[] CATEGORIES = {5, 20, 9};
    private static final int[] FIRST_CODE = {0, 1, 1}; // MOA names elevel level0.., car car1.., zipcode zipcode1..

    private final AgrawalGenerator source;
    private final Example example = new Example(AgrawalGenerator.ATTRIBUTE_NAMES.size());
    private final Random absent;
    private final double missing;
    private final boolean[] present = new boolean[AgrawalGenerator.ATTRIBUTE_NAMES.size()];
    private final double[] mean = new double[NUMERIC.length];
    private final long[] seen = new long[NUMERIC.length];
    private boolean booleans;

    /** {@code n} examples of Agrawal {@code function} (perturbation 0.05), attributes absent with {@code missing}. */
    public AgrawalEvents(long n, long seed, int function, double missing) {
        if (!(missing >= 0 && missing < 1)) {
            throw new IllegalArgumentException("missing must be in [0, 1), got " + missing);
        }
        this.source = new AgrawalGenerator(n, seed, function, 0.05, false);
        this.absent = new Random(Seeds.derive(seed, 7));
        this.missing = missing;
    }

    /** These events with the boolean field {@code "commissioned"} (see the class). */
    public AgrawalEvents withBooleans() {
        this.booleans = true;
        return this;
    }

    @Override
    public boolean next() {
        if (!source.next(example)) {
            return false;
        }
        for (int i = 0; i < present.length; i++) {
            present[i] = absent.nextDouble() >= missing;
        }
        return true;
    }

    /** The current example as an event record: named features, categories as strings, absent fields left out. */
    @Override
    public byte[] event() {
        return event(true);
    }

    /** {@link #event()} without its label, for a label sent later through {@code erstream.labels}. */
    public byte[] unlabelled() {
        return event(false);
    }

    /** The current example's label as an {@code erstream.labels} value: {@code {"id": …, "label": …}}. */
    public byte[] label() {
        return ("{\"id\":\"" + example.index + "\",\"label\":" + example.label + "}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] event(boolean labelled) {
        StringBuilder json = new StringBuilder(256).append("{\"id\":\"").append(example.index)
                .append("\",\"features\":{");
        boolean first = true;
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"').append(AgrawalGenerator.ATTRIBUTE_NAMES.get(i)).append("\":");
            int nominal = nominalIndex(i);
            if (nominal < 0) {
                json.append(number(example.x[i]));
            } else {
                json.append('"').append(PREFIX[nominal]).append((int) example.x[i] + FIRST_CODE[nominal]).append('"');
            }
        }
        if (booleans && present[COMMISSION]) {
            json.append(first ? "" : ",").append("\"commissioned\":").append(example.x[COMMISSION] > 0);
        }
        json.append('}');
        if (labelled) {
            json.append(",\"label\":").append(example.label);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The current example one-hot encoded by hand, as an event record with a feature array (see the class). */
    public byte[] oneHot() {
        StringBuilder json = new StringBuilder(512).append("{\"id\":\"").append(example.index)
                .append("\",\"features\":[");
        for (int k = 0; k < NUMERIC.length; k++) {
            int i = NUMERIC[k];
            double value = present[i] ? example.x[i] : mean[k];
            if (present[i]) {
                seen[k]++;
                mean[k] += (example.x[i] - mean[k]) / seen[k];
            }
            json.append(number(value)).append(',').append(present[i] ? 0 : 1).append(',');
        }
        for (int k = 0; k < NOMINAL.length; k++) {
            int code = (int) example.x[NOMINAL[k]];
            for (int c = 0; c < CATEGORIES[k]; c++) {
                json.append(present[NOMINAL[k]] && c == code ? 1 : 0).append(',');
            }
        }
        json.setLength(json.length() - 1);
        return json.append("],\"label\":").append(example.label).append('}').toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int nominalIndex(int attribute) {
        for (int k = 0; k < NOMINAL.length; k++) {
            if (NOMINAL[k] == attribute) {
                return k;
            }
        }
        return -1;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
