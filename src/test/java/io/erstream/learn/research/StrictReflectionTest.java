package io.erstream.learn.research;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.erstream.learn.Reflection;
import org.junit.jupiter.api.Test;

class StrictReflectionTest {

    @Test
    void softmaxReflectionOfAnEvenClassMatchesTheSpinLimit() {
        // p = 1/2: h1 = h2 = log(1/2), so h1* = log(1/2) + 2s
        assertEquals(Math.log(0.5) + 2, StrictReflection.softmaxLogProbability(0.5, 1), 1e-12);
        assertEquals(Math.log(0.5) - 2, StrictReflection.softmaxLogProbability(0.5, -1), 1e-12);
    }

    @Test
    void batchSoftmaxReflectionIsThePerClassReflectionOfTheSoftmaxProbabilities() {
        double[] fields = {0.5, -1.0, 2.0, 0.0, 0.0, 0.0};
        int[] labels = {2, 0};
        double[] targets = new double[6];
        double[] p = new double[3];
        double cost = StrictReflection.reflectSoftmax(fields, labels, 3, targets, p);
        double expectedCost = 0;
        for (int i = 0; i < 2; i++) {
            Reflection.softmax(fields, 3 * i, 3, p);
            for (int k = 0; k < 3; k++) {
                double spin = labels[i] == k ? 1 : -1;
                assertEquals(StrictReflection.softmaxLogProbability(p[k], spin), targets[3 * i + k], 1e-15);
                double e = p[k] - (labels[i] == k ? 1 : 0);
                expectedCost += e * e;
            }
        }
        assertEquals(expectedCost, cost, 1e-15);
        Reflection.softmax(fields, 3, 3, p);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, p, 1e-15);
    }
}
