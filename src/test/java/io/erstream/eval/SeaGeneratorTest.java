package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeaGeneratorTest {

    @Test
    void driftPointsCutTheStreamIntoFourEqualBlocks() {
        assertArrayEquals(new long[] {250, 500, 750}, new SeaGenerator(1000, 1, 0.1).driftPoints());
        assertArrayEquals(new long[] {2, 5, 7}, new SeaGenerator(10, 1, 0.1).driftPoints());
    }

    @Test
    void theThresholdChangesAtEachDriftPoint() {
        SeaGenerator sea = new SeaGenerator(1000, 1, 0.0);
        assertEquals(8.0, sea.thresholdAt(0));
        assertEquals(8.0, sea.thresholdAt(249));
        assertEquals(9.0, sea.thresholdAt(250));
        assertEquals(7.0, sea.thresholdAt(500));
        assertEquals(9.5, sea.thresholdAt(750));
        assertEquals(9.5, sea.thresholdAt(999));
    }

    @Test
    void attributesAreWithinZeroToTen() {
        for (double[] x : Drain.of(new SeaGenerator(2000, 3, 0.1)).xs) {
            for (double v : x) {
                assertTrue(v >= 0.0 && v < 10.0, "value " + v);
            }
        }
    }

    @Test
    void withoutNoiseEveryLabelFollowsTheConceptThreshold() {
        SeaGenerator sea = new SeaGenerator(4000, 7, 0.0);
        Drain drain = Drain.of(sea);
        for (int i = 0; i < 4000; i++) {
            double[] x = drain.xs.get(i);
            int expected = x[0] + x[1] <= sea.thresholdAt(i) ? 1 : 0;
            assertEquals(expected, drain.labels.get(i), "example " + i);
        }
    }

    @Test
    void tenPercentNoiseFlipsAboutTenPercentOfLabels() {
        SeaGenerator sea = new SeaGenerator(20000, 7, 0.10);
        Drain drain = Drain.of(sea);
        int flipped = 0;
        for (int i = 0; i < 20000; i++) {
            double[] x = drain.xs.get(i);
            int clean = x[0] + x[1] <= sea.thresholdAt(i) ? 1 : 0;
            flipped += clean != drain.labels.get(i) ? 1 : 0;
        }
        double rate = flipped / 20000.0;
        assertTrue(rate > 0.09 && rate < 0.11, "flip rate " + rate);
    }

    @Test
    void theDriftsChangeTheShareOfClassOne() {
        // P(x1 + x2 <= θ) for x uniform on [0,10]^2: 0.32, 0.405, 0.245, 0.45125 for θ = 8, 9, 7, 9.5.
        double[] expected = {0.32, 0.405, 0.245, 0.45125};
        Drain drain = Drain.of(new SeaGenerator(40000, 11, 0.0));
        for (int block = 0; block < 4; block++) {
            int ones = 0;
            for (int i = block * 10000; i < (block + 1) * 10000; i++) {
                ones += drain.labels.get(i);
            }
            assertEquals(expected[block], ones / 10000.0, 0.015, "block " + block);
        }
    }
}
