package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HyperplaneGeneratorTest {

    @Test
    void aFixedHyperplaneKeepsItsWeights() {
        HyperplaneGenerator fixed = HyperplaneGenerator.fixed(1000, 3, 20, 0.1);
        double[] before = fixed.weights();
        Drain.of(fixed);
        assertArrayEquals(before, fixed.weights());
    }

    @Test
    void aRotatingHyperplaneMovesEveryDriftingWeight() {
        HyperplaneGenerator rotating = HyperplaneGenerator.rotating(1000, 3);
        double[] before = rotating.weights();
        Drain.of(rotating);
        double[] after = rotating.weights();
        for (int i = 0; i < before.length; i++) {
            assertTrue(before[i] != after[i], "weight " + i + " did not move");
        }
    }

    @Test
    void onlyTheDriftingFeaturesMove() {
        HyperplaneGenerator partial = new HyperplaneGenerator(500, 3, 6, 2, 0.01, 0.0, 0.1);
        double[] before = partial.weights();
        Drain.of(partial);
        double[] after = partial.weights();
        assertFalse(before[0] == after[0] || before[1] == after[1]);
        assertArrayEquals(Arrays.copyOfRange(before, 2, 6), Arrays.copyOfRange(after, 2, 6));
    }

    @Test
    void aWeightMovesByMagChangeEachExampleWhenSigmaNeverFlips() {
        HyperplaneGenerator steady = new HyperplaneGenerator(100, 3, 4, 4, 0.001, 0.0, 0.0);
        double[] before = steady.weights();
        Drain.of(steady);
        double[] after = steady.weights();
        for (int i = 0; i < 4; i++) {
            assertEquals(before[i] + 0.1, after[i], 1e-9);
        }
    }

    @Test
    void withoutNoiseLabelsAreTheSideOfTheHyperplane() {
        HyperplaneGenerator fixed = HyperplaneGenerator.fixed(2000, 9, 5, 0.0);
        double[] w = fixed.weights();
        double half = 0.5 * Arrays.stream(w).sum();
        Drain drain = Drain.of(fixed);
        for (int i = 0; i < 2000; i++) {
            double[] x = drain.xs.get(i);
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += w[j] * x[j];
            }
            assertEquals(s >= half ? 1 : 0, drain.labels.get(i), "example " + i);
        }
    }

    @Test
    void noiseFlipsAboutItsShareOfLabels() {
        HyperplaneGenerator fixed = HyperplaneGenerator.fixed(20000, 9, 20, 0.10);
        double[] w = fixed.weights();
        double half = 0.5 * Arrays.stream(w).sum();
        Drain drain = Drain.of(fixed);
        int flipped = 0;
        for (int i = 0; i < 20000; i++) {
            double[] x = drain.xs.get(i);
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += w[j] * x[j];
            }
            flipped += (s >= half ? 1 : 0) != drain.labels.get(i) ? 1 : 0;
        }
        assertEquals(0.10, flipped / 20000.0, 0.01);
    }

    @Test
    void featuresAreWithinTheUnitCube() {
        for (double[] x : Drain.of(HyperplaneGenerator.rotating(1000, 2)).xs) {
            for (double v : x) {
                assertTrue(v >= 0.0 && v < 1.0);
            }
        }
    }
}
