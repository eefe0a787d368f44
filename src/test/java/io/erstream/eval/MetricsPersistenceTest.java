package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A restored metrics object must continue the stream exactly as the original would have. */
class MetricsPersistenceTest {

    @Test
    void prequentialMetricsContinueBitIdenticallyAfterARoundTrip() throws IOException {
        Random random = new Random(7);
        PrequentialMetrics original = new PrequentialMetrics(3, 5);
        feed(original, random, 12);
        PrequentialMetrics restored = PrequentialMetrics.readFrom(input(bytes(original)));
        Random again = new Random(99);
        feed(original, again, 9);
        feed(restored, new Random(99), 9);
        assertArrayEquals(bytes(original), bytes(restored));
        assertEquals(Double.doubleToLongBits(original.logLoss()), Double.doubleToLongBits(restored.logLoss()));
        assertEquals(original.kappa(), restored.kappa());
        assertEquals(original.rollingAccuracy(), restored.rollingAccuracy());
    }

    @Test
    void regressionMetricsContinueBitIdenticallyAfterARoundTrip() throws IOException {
        RegressionMetrics original = new RegressionMetrics(4);
        Random random = new Random(3);
        for (int i = 0; i < 10; i++) {
            original.record(random.nextGaussian(), random.nextGaussian());
        }
        RegressionMetrics restored = RegressionMetrics.readFrom(input(bytes(original)));
        for (int i = 0; i < 7; i++) {
            double truth = random.nextGaussian();
            original.record(truth, 0.5);
            restored.record(truth, 0.5);
        }
        assertArrayEquals(bytes(original), bytes(restored));
        assertEquals(Double.doubleToLongBits(original.rollingRmse()), Double.doubleToLongBits(restored.rollingRmse()));
    }

    @Test
    void inconsistentCountersAreRejected() throws IOException {
        PrequentialMetrics metrics = new PrequentialMetrics(2, 3);
        byte[] bytes = bytes(metrics);
        bytes[8 + 15] = 9; // correct = 9 > examples = 0
        assertThrows(IOException.class, () -> PrequentialMetrics.readFrom(input(bytes)));
    }

    private static void feed(PrequentialMetrics metrics, Random random, int n) {
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble() * (1 - a);
            metrics.record(random.nextInt(3), new double[] {a, b, 1 - a - b});
        }
    }

    private static byte[] bytes(PrequentialMetrics m) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        m.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static byte[] bytes(RegressionMetrics m) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        m.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
