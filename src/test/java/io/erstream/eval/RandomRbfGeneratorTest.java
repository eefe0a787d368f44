package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomRbfGeneratorTest {

    @Test
    void featuresStayNearTheUnitCube() {
        Drain drain = Drain.of(RandomRbfGenerator.benchmark(5000, 1));
        int inside = 0;
        int total = 0;
        double[] mean = new double[10];
        for (double[] x : drain.xs) {
            for (int i = 0; i < x.length; i++) {
                inside += x[i] >= -0.5 && x[i] <= 1.5 ? 1 : 0;
                mean[i] += x[i] / drain.xs.size();
                total++;
            }
        }
        assertTrue(inside > 0.99 * total, "inside " + inside + " of " + total);
        for (double m : mean) {
            assertTrue(m > 0.25 && m < 0.75, "mean " + m);
        }
    }

    @Test
    void bothClassesAreWellRepresented() {
        for (long seed = 1; seed <= 5; seed++) {
            Drain drain = Drain.of(RandomRbfGenerator.benchmark(4000, seed));
            double share = drain.count(1) / 4000.0;
            assertTrue(share > 0.2 && share < 0.8, "seed " + seed + " share " + share);
        }
    }

    @Test
    void everyClassOfAManyClassStreamAppears() {
        Drain drain = Drain.of(new RandomRbfGenerator(4000, 2, 5, 4, 50, 0, 0.0));
        for (int k = 0; k < 4; k++) {
            assertTrue(drain.count(k) > 0, "class " + k);
        }
    }

    @Test
    void driftingCentroidsMoveAtMostSpeedPerExample() {
        RandomRbfGenerator rbf = new RandomRbfGenerator(1000, 3, 10, 2, 5, 5, 0.001);
        double[] before = rbf.centre(0);
        Drain.of(rbf);
        double[] after = rbf.centre(0);
        double distance = 0;
        for (int i = 0; i < 10; i++) {
            distance += (after[i] - before[i]) * (after[i] - before[i]);
        }
        distance = Math.sqrt(distance);
        assertTrue(distance > 0 && distance <= 1000 * 0.001 + 1e-9, "moved " + distance);
    }

    @Test
    void centroidsBounceOffTheWallsOfTheUnitCube() {
        RandomRbfGenerator rbf = new RandomRbfGenerator(3000, 3, 4, 2, 3, 3, 0.01);
        Drain.of(rbf);
        for (int c = 0; c < 3; c++) {
            for (double v : rbf.centre(c)) {
                assertTrue(v >= 0.0 && v <= 1.0, "centre component " + v);
            }
        }
    }

    @Test
    void onlyTheDriftingCentroidsMove() {
        RandomRbfGenerator rbf = new RandomRbfGenerator(500, 3, 4, 2, 4, 2, 0.01);
        double[] still = rbf.centre(3);
        double[] moving = rbf.centre(1);
        Drain.of(rbf);
        assertArrayEquals(still, rbf.centre(3));
        assertFalse(Arrays.equals(moving, rbf.centre(1)));
    }

    @Test
    void classNamesFollowMoa() {
        assertArrayEquals(new String[] {"class1", "class2", "class3"},
                new RandomRbfGenerator(1, 1, 2, 3, 5, 0, 0).classNames());
        assertEquals(3, new RandomRbfGenerator(1, 1, 2, 3, 5, 0, 0).classes());
    }
}
