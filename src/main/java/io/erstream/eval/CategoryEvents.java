package io.erstream.eval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A stream whose signal is mostly in string fields of growing cardinality, for choosing how strings are encoded:
 * {@code device} (4 categories), {@code country} (30), {@code merchant} (300, Zipf-popular), and a number
 * {@code amount}. Each category has a fixed random effect; the label is 1 with probability σ(Σ effects + amount),
 * so a linear model on a one-hot encoding of every category is the right model. Each field is absent with
 * probability {@code missing}.
 */
public final class CategoryEvents implements EventStream {

    private static final String[] FIELDS = {"device", "country", "merchant"};
    private static final int[] CARDINALITY = {4, 30, 300};

    private final long n;
    private final Random random;
    private final Random absent;
    private final double missing;
    private final double[][] effect = new double[FIELDS.length][];
    private final double[] zipf; // cumulative popularity of the merchants
    private final int[] drawn = new int[FIELDS.length];
    private double amount;
    private int label;
    private long index = -1;

    public CategoryEvents(long n, long seed, double missing) {
        this.n = n;
        this.missing = missing;
        this.random = new Random(seed);
        this.absent = new Random(Seeds.derive(seed, 7));
        Random effects = new Random(Seeds.derive(seed, 8));
        for (int f = 0; f < FIELDS.length; f++) {
            effect[f] = new double[CARDINALITY[f]];
            for (int c = 0; c < CARDINALITY[f]; c++) {
                effect[f][c] = 1.5 * effects.nextGaussian();
            }
        }
        zipf = new double[CARDINALITY[2]];
        double total = 0;
        for (int c = 0; c < zipf.length; c++) {
            total += 1.0 / (c + 1);
            zipf[c] = total;
        }
        for (int c = 0; c < zipf.length; c++) {
            zipf[c] /= total;
        }
    }

    @Override
    public boolean next() {
        if (++index >= n) {
            return false;
        }
        double field = 0;
        for (int f = 0; f < FIELDS.length; f++) {
            drawn[f] = f == 2 ? merchant(random.nextDouble()) : random.nextInt(CARDINALITY[f]);
            field += effect[f][drawn[f]];
        }
        amount = random.nextGaussian();
        field += amount;
        label = random.nextDouble() < 1 / (1 + Math.exp(-field)) ? 1 : 0;
        return true;
    }

    private int merchant(double u) {
        int lo = 0;
        int hi = zipf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public byte[] event() {
        StringBuilder json = new StringBuilder(160).append("{\"id\":\"").append(index).append("\",\"features\":{");
        String separator = "";
        if (absent.nextDouble() >= missing) {
            json.append("\"amount\":").append(String.format(Locale.ROOT, "%.4f", amount));
            separator = ",";
        }
        for (int f = 0; f < FIELDS.length; f++) {
            if (absent.nextDouble() >= missing) {
                json.append(separator).append('"').append(FIELDS[f]).append("\":\"").append(FIELDS[f].charAt(0))
                        .append(drawn[f]).append('"');
                separator = ",";
            }
        }
        return json.append("},\"label\":").append(label).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
