package io.erstream.http;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLabelsTest {

    /** Resolves a named key to its own name and everything else to "other", and remembers what is bound. */
    static final class Labels implements ModelLabels.Binder<String> {
        final Set<String> bound = new HashSet<>();
        int binds;
        int maxBound;

        @Override
        public String bind(String key) {
            assertTrue(bound.add(key), "bound twice: " + key);
            binds++;
            maxBound = Math.max(maxBound, bound.size());
            return key;
        }

        @Override
        public void unbind(String meters) {
            assertTrue(bound.remove(meters), "unbound but not bound: " + meters);
        }
    }

    private final Labels binder = new Labels();

    @Test
    void theFirstTopNKeysAreNamedAtOnceAndLaterOnesShareOther() {
        ModelLabels<String> labels = new ModelLabels<>(3, 12, 1000, binder, "other");

        assertEquals("a", labels.resolve("a"));
        assertEquals("b", labels.resolve("b"));
        assertEquals("c", labels.resolve("c"));
        assertEquals("other", labels.resolve("d"));
        assertEquals("a", labels.resolve("a"));
        assertEquals(3, labels.namedCount());
    }

    @Test
    void aKeyThatBecomesBusyTakesOverTheLabelOfAQuietOne() {
        ModelLabels<String> labels = new ModelLabels<>(2, 8, 100, binder, "other");
        labels.resolve("early-1");
        labels.resolve("early-2");
        assertEquals("other", labels.resolve("hot"));

        for (int i = 0; i < 1000; i++) {
            labels.resolve("hot");
            if (i % 50 == 0) {
                labels.resolve("early-1");
            }
        }

        assertEquals("hot", labels.resolve("hot"));
        assertEquals(Set.of("hot", "early-1"), binder.bound);
        assertFalse(labels.isNamed("early-2"));
    }

    @Test
    void tenThousandDistinctKeysNeverBindMoreThanTopN() {
        ModelLabels<String> labels = new ModelLabels<>(20, 80, 1024, binder, "other");
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            labels.resolve("key-" + random.nextInt(10_000));
        }
        assertTrue(binder.maxBound <= 20, "at most 20 bound at once, saw " + binder.maxBound);
        assertEquals(labels.namedCount(), binder.bound.size());
    }

    @Test
    void keysWithATenthOfTheTrafficEachEndUpNamedAmongFiveThousandLightOnes() {
        ModelLabels<String> labels = new ModelLabels<>(5, 20, 512, binder, "other");
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            String key = random.nextBoolean() ? "heavy-" + random.nextInt(5) : "light-" + random.nextInt(5000);
            labels.resolve(key);
        }
        assertEquals(Set.of("heavy-0", "heavy-1", "heavy-2", "heavy-3", "heavy-4"), binder.bound);
    }

    @Test
    void twoEquallyBusyKeysCompetingForOneLabelDoNotSwapAtEveryRerank() {
        ModelLabels<String> labels = new ModelLabels<>(1, 4, 64, binder, "other");
        for (int i = 0; i < 64_000; i++) {
            labels.resolve(i % 2 == 0 ? "left" : "right");
        }
        assertEquals(1, binder.binds, "hysteresis keeps the incumbent");
    }

    @Test
    void resolveAnswersOwnMetersExactlyForNamedKeysUnderChurn() {
        ModelLabels<String> labels = new ModelLabels<>(4, 16, 37, binder, "other");
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            String key = "k" + (int) Math.abs(random.nextGaussian() * 30);
            String meters = labels.resolve(key);
            assertEquals(labels.isNamed(key) ? key : "other", meters, key);
            assertEquals(labels.namedCount(), binder.bound.size());
        }
    }

    @Test
    void aNullKeyCountsAsOther() {
        ModelLabels<String> labels = new ModelLabels<>(2, 8, 10, binder, "other");
        assertEquals("other", labels.resolve(null));
        assertEquals(0, labels.namedCount());
    }
}
