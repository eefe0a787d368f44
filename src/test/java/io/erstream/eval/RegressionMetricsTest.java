package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    /** Errors 1, 0, -3. */
    private static RegressionMetrics threeRecords(int window) {
        RegressionMetrics m = new RegressionMetrics(window);
        m.record(1, 2);
        m.record(2, 2);
        m.record(3, 0);
        return m;
    }

    @Test
    void rmseIsTheRootOfTheMeanSquaredError() {
        assertEquals(Math.sqrt(10.0 / 3), threeRecords(10).rmse(), 1e-12);
    }

    @Test
    void maeIsTheMeanAbsoluteError() {
        assertEquals(4.0 / 3, threeRecords(10).mae(), 1e-12);
    }

    @Test
    void rollingRmseCoversOnlyTheLastWindow() {
        assertEquals(Math.sqrt(9.0 / 2), threeRecords(2).rollingRmse(), 1e-12);
        assertEquals(3, threeRecords(2).examples());
    }

    @Test
    void scoresAreNaNBeforeAnyExample() {
        RegressionMetrics m = new RegressionMetrics(2);
        assertTrue(Double.isNaN(m.rmse()));
        assertTrue(Double.isNaN(m.mae()));
        assertTrue(Double.isNaN(m.rollingRmse()));
    }
}
