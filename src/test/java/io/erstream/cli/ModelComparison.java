package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.time.Duration;

/** The exactness check of the integration tests: every key's model, as codec bytes, equal to a reference run's. */
final class ModelComparison {

    private ModelComparison() {
    }

    /**
     * Waits until both applications have applied every example of every key of {@code feed}, then asserts that each
     * model's codec bytes (never a stale copy's) are identical.
     */
    static void assertSameModels(ChildApp reference, ChildApp actual, KeyedFeed feed, Duration timeout)
            throws IOException, InterruptedException {
        for (String key : feed.keys()) {
            reference.awaitExamples(key, feed.perKey(), timeout);
            actual.awaitExamples(key, feed.perKey(), timeout);
            assertArrayEquals(reference.modelCodec(key), actual.modelCodec(key),
                    "model " + key + " differs from the uninterrupted run");
        }
        System.out.printf("%d models byte-identical to the uninterrupted run%n", feed.keys().size());
    }
}
