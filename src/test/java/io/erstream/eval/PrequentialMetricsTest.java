package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrequentialMetricsTest {
    private static final double[] SAYS_0 = {0.9, 0.1};
    private static final double[] SAYS_1 = {0.2, 0.8};

    /** Confusion (rows truth, columns prediction) [[4, 1], [2, 3]]. */
    private static PrequentialMetrics confusion4123() {
        PrequentialMetrics m = new PrequentialMetrics(2, 100);
        for (int i = 0; i < 4; i++) {
            m.record(0, SAYS_0);
        }
        m.record(0, SAYS_1);
        for (int i = 0; i < 2; i++) {
            m.record(1, SAYS_0);
        }
        for (int i = 0; i < 3; i++) {
            m.record(1, SAYS_1);
        }
        return m;
    }

    @Test
    void accuracyIsTheShareOfCorrectArgmaxPredictions() {
        assertEquals(0.7, confusion4123().accuracy(), 1e-12);
    }

    @Test
    void kappaOfATwoByTwoConfusionMatchesTheHandComputation() {
        // p0 = 0.7; truth sums 5, 5; prediction sums 6, 4; pe = .5*.6 + .5*.4 = .5; kappa = .2/.5
        assertEquals(0.4, confusion4123().kappa(), 1e-12);
    }

    @Test
    void kappaIsOneForPerfectPredictionsOfTwoClasses() {
        PrequentialMetrics m = new PrequentialMetrics(3, 10);
        m.record(0, new double[] {1, 0, 0});
        m.record(2, new double[] {0, 0, 1});
        assertEquals(1.0, m.kappa(), 1e-12);
    }

    @Test
    void kappaIsUndefinedWhenOnlyOneClassIsEverSeenOrPredicted() {
        PrequentialMetrics m = new PrequentialMetrics(2, 10);
        m.record(0, SAYS_0);
        assertTrue(Double.isNaN(m.kappa()));
    }

    @Test
    void logLossIsTheMeanNegativeLogOfTheTruthsProbability() {
        PrequentialMetrics m = new PrequentialMetrics(2, 10);
        m.record(0, new double[] {0.8, 0.2});
        m.record(1, new double[] {0.4, 0.6});
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, m.logLoss(), 1e-12);
    }

    @Test
    void logLossClipsZeroAndNaNProbabilities() {
        PrequentialMetrics m = new PrequentialMetrics(2, 10);
        m.record(0, new double[] {0.0, 1.0});
        m.record(0, new double[] {Double.NaN, 1.0});
        assertEquals(-Math.log(1e-15), m.logLoss(), 1e-9);
    }

    @Test
    void tiesArePredictedAsTheLowestIndex() {
        PrequentialMetrics m = new PrequentialMetrics(3, 10);
        m.record(2, new double[] {0.2, 0.4, 0.4});
        m.record(0, new double[] {0.5, 0.5, 0.0});
        assertEquals(0.5, m.accuracy(), 1e-12);
    }

    @Test
    void rollingAccuracyCoversOnlyTheLastWindow() {
        PrequentialMetrics m = new PrequentialMetrics(2, 3);
        m.record(0, SAYS_0);
        m.record(0, SAYS_0);
        assertEquals(1.0, m.rollingAccuracy(), 1e-12);
        m.record(0, SAYS_1);
        m.record(0, SAYS_1);
        assertEquals(1.0 / 3, m.rollingAccuracy(), 1e-12);
        m.record(0, SAYS_1);
        assertEquals(0.0, m.rollingAccuracy(), 1e-12);
        assertEquals(0.4, m.accuracy(), 1e-12);
        assertEquals(5, m.examples());
    }

    @Test
    void scoresAreNaNBeforeAnyExample() {
        PrequentialMetrics m = new PrequentialMetrics(2, 3);
        assertTrue(Double.isNaN(m.accuracy()));
        assertTrue(Double.isNaN(m.kappa()));
        assertTrue(Double.isNaN(m.logLoss()));
        assertTrue(Double.isNaN(m.rollingAccuracy()));
    }

    @Test
    void aTruthOutsideTheClassesIsRejected() {
        PrequentialMetrics m = new PrequentialMetrics(2, 3);
        assertThrows(IllegalArgumentException.class, () -> m.record(2, SAYS_0));
        assertThrows(IllegalArgumentException.class, () -> m.record(0, new double[] {1.0}));
    }
}
