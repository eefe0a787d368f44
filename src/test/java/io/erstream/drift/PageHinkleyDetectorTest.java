package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageHinkleyDetectorTest extends DriftDetectorContract {

    @Override
    DriftDetector create() {
        return new PageHinkleyDetector();
    }

    @Override
    int maxDelayForAbruptIncrease() {
        return 250; // measured max 157 over seeds 1..50
    }

    @Override
    int maxFalseAlarmsOnStationaryStream() {
        return 8; // MOA's PH with lambda 50: measured up to 7 per 100,000 at rate 0.2 (seeds 1..20)
    }

    @Test
    void neverReportsADecrease() {
        PageHinkleyDetector ph = new PageHinkleyDetector();
        BernoulliStream stream = new BernoulliStream(1, 2_000, 0.6, 0.05);
        for (int t = 0; t < 4_000; t++) {
            assertNotEquals(DriftState.DRIFT, ph.update(stream.next()), "input " + t);
        }
    }

    @Test
    void cannotReportBeforeMinInstances() {
        PageHinkleyDetector ph = new PageHinkleyDetector(30, 0.005, 1, 1);
        for (int t = 0; t < 28; t++) {
            assertEquals(DriftState.STABLE, ph.update(t % 2 == 0 ? 0 : 10));
        }
    }

    @Test
    void statisticIsTheDistanceAboveTheMinimumOfTheCumulativeSum() {
        PageHinkleyDetector ph = new PageHinkleyDetector(1, 0, 100, 1);
        ph.update(0);
        ph.update(0);
        ph.update(1); // mean 1/3, sum = 1 - 1/3
        assertEquals(2.0 / 3, ph.statistic(), 1e-12);
    }

    @Test
    void rejectsAlphaAboveOne() {
        assertThrows(IllegalArgumentException.class, () -> new PageHinkleyDetector(30, 0.005, 50, 1.1));
    }
}
