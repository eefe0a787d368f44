package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The lag of a stale answer is measured in the background: a query never waits for the broker round trip (which
 * blocks exactly while the broker is away), it reads the last measurement.
 */
class StoreLagsTest {

    @Test
    void aQueryDoesNotWaitForTheMeasurementAndSeesItOnceItIsDone() throws Exception {
        CountDownLatch brokerAnswers = new CountDownLatch(1);
        StoreLags lags = new StoreLags(() -> {
            try {
                brokerAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of(3, 42L);
        });

        assertEquals(OptionalLong.empty(), lags.lag(3), "nothing measured yet, and the query did not wait");
        brokerAnswers.countDown();

        assertEquals(OptionalLong.of(42), awaitMeasured(lags, 3));
    }

    @Test
    void aFailedMeasurementKeepsTheLastOne() throws Exception {
        AtomicBoolean fail = new AtomicBoolean();
        StoreLags lags = new StoreLags(() -> {
            if (fail.get()) {
                throw new IllegalStateException("KafkaStreams is not running");
            }
            return Map.of(0, 5L);
        });
        assertEquals(OptionalLong.of(5), awaitMeasured(lags, 0));

        fail.set(true);

        assertEquals(OptionalLong.of(5), lags.lag(0));
    }

    private static OptionalLong awaitMeasured(StoreLags lags, int partition) throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            OptionalLong lag = lags.lag(partition);
            if (lag.isPresent()) {
                return lag;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertTrue(false, "no measurement arrived");
        return OptionalLong.empty();
    }
}
