package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DetectorComparisonTest {

    private static final DetectorComparison.Scenario TWO_CHANGES =
            new DetectorComparison.Scenario("two", 2_000, 0.1, 0.5, 0.9);

    @Test
    void evaluationIsDeterministic() {
        assertEquals(DetectorComparison.evaluate("adwin", TWO_CHANGES, 3),
                DetectorComparison.evaluate("adwin", TWO_CHANGES, 3));
    }

    @Test
    void countsEachChangeOncePerRunAsDetectedOrMissed() {
        DetectorComparison.Row row = DetectorComparison.evaluate("hddm-a", TWO_CHANGES, 3);
        assertEquals(6, row.changes());
        assertEquals(0, row.missed());
        assertTrue(row.meanDelay() > 0 && row.meanDelay() < 200, "mean delay " + row.meanDelay());
    }

    @Test
    void countsDriftsOnAStationaryStreamAsFalseAlarms() {
        DetectorComparison.Scenario stationary = new DetectorComparison.Scenario("s", 20_000, 0.2);
        DetectorComparison.Row row = DetectorComparison.evaluate("page-hinkley", stationary, 5);
        long drifts = 0;
        for (long seed = 1; seed <= 5; seed++) {
            drifts += DetectorComparison.driftTimes(new PageHinkleyDetector(), stationary, seed).size();
        }
        assertEquals(drifts, row.falseAlarms());
    }
}
