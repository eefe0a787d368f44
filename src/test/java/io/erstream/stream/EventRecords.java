package io.erstream.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random event records for the encoding tests: a number, a boolean and two string fields (one with few categories,
 * one with many), each absent or null now and then, and a field that appears only later; the label depends on the
 * number and the first string.
 */
final class EventRecords {

    private EventRecords() {
    }

    static List<String> of(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amount = Math.round(random.nextDouble(-3, 3) * 1000) / 1000.0;
            int country = random.nextInt(6);
            List<String> fields = new ArrayList<>();
            maybe(random, fields, "\"amount\":" + amount);
            maybe(random, fields, "\"mobile\":" + random.nextBoolean());
            maybe(random, fields, "\"country\":\"c" + country + "\"");
            maybe(random, fields, "\"user\":\"u" + random.nextInt(40) + "\"");
            if (i > n / 3) {
                maybe(random, fields, "\"late\":" + random.nextInt(5));
            }
            if (fields.isEmpty()) {
                fields.add("\"amount\":null");
            }
            String label = i % 6 == 5 ? "null" : amount + (country < 3 ? 1 : -1) > 0 ? "1" : "0";
            out.add("{\"id\":\"e" + i + "\",\"features\":{" + String.join(",", fields) + "},\"label\":" + label
                    + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}");
        }
        return out;
    }

    private static void maybe(SplittableRandom random, List<String> fields, String field) {
        double u = random.nextDouble();
        if (u < 0.1) {
            return; // absent
        }
        fields.add(u < 0.15 ? field.substring(0, field.indexOf(':') + 1) + "null" : field);
    }
}
