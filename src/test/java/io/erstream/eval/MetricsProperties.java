package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MetricsProperties {

    @Property(tries = 200)
    void rollingAccuracyEqualsAccuracyOverTheLastWindow(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 2) Integer> truths,
            @ForAll @IntRange(min = 1, max = 10) int window) {
        PrequentialMetrics m = new PrequentialMetrics(3, window);
        double[] saysOne = {0.1, 0.8, 0.1};
        for (int truth : truths) {
            m.record(truth, saysOne);
        }
        List<Integer> last = truths.subList(Math.max(0, truths.size() - window), truths.size());
        double expected = last.stream().filter(t -> t == 1).count() / (double) last.size();
        assertEquals(expected, m.rollingAccuracy(), 1e-12);
    }

    @Property(tries = 200)
    void rollingRmseEqualsRmseOverTheLastWindow(
            @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1e3, max = 1e3) Double> errors,
            @ForAll @IntRange(min = 1, max = 10) int window) {
        RegressionMetrics m = new RegressionMetrics(window);
        for (double e : errors) {
            m.record(0.0, e);
        }
        List<Double> last = errors.subList(Math.max(0, errors.size() - window), errors.size());
        double expected = Math.sqrt(last.stream().mapToDouble(e -> e * e).sum() / last.size());
        assertEquals(expected, m.rollingRmse(), 1e-9 * Math.max(1.0, expected));
    }
}
