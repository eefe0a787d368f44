package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "agrawal", "rbf", "stable"})
    void theSameSeedGivesTheSameStream(String name) {
        Drain a = Drain.of(Generators.byName(name, 500, 42));
        Drain b = Drain.of(Generators.byName(name, 500, 42));
        for (int i = 0; i < 500; i++) {
            assertArrayEquals(a.xs.get(i), b.xs.get(i));
        }
        assertEquals(a.labels, b.labels);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "agrawal", "rbf", "stable"})
    void differentSeedsGiveDifferentStreams(String name) {
        Drain a = Drain.of(Generators.byName(name, 50, 1));
        Drain b = Drain.of(Generators.byName(name, 50, 2));
        assertFalse(java.util.Arrays.equals(a.xs.get(0), b.xs.get(0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "agrawal", "rbf", "stable"})
    void aStreamYieldsExactlyNExamplesIndexedFromZero(String name) {
        ExampleStream stream = Generators.byName(name, 7, 3);
        Drain drain = Drain.of(stream);
        assertEquals(7, stream.size());
        assertEquals(java.util.List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), drain.indices);
        assertFalse(stream.next(new Example(stream.dimension())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sea", "hyperplane", "agrawal", "rbf", "stable"})
    void labelsAreValidClassIndices(String name) {
        ExampleStream stream = Generators.byName(name, 300, 5);
        Drain drain = Drain.of(stream);
        assertEquals(stream.classes(), stream.classNames().length);
        for (int label : drain.labels) {
            assertTrue(label >= 0 && label < stream.classes(), "label " + label);
        }
    }

    @Test
    void benchmarkDimensionsMatchTheirSettings() {
        assertEquals(3, Generators.byName("sea", 1, 1).dimension());
        assertEquals(10, Generators.byName("hyperplane", 1, 1).dimension());
        assertEquals(9, Generators.byName("agrawal", 1, 1).dimension());
        assertEquals(10, Generators.byName("rbf", 1, 1).dimension());
        assertEquals(20, Generators.byName("stable", 1, 1).dimension());
    }

    @Test
    void anUnknownNameIsRejectedListingTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generators.byName("led", 10, 1));
        assertTrue(e.getMessage().contains("led"));
        assertTrue(e.getMessage().contains("sea, hyperplane, agrawal, rbf, stable"), e.getMessage());
    }

    @Test
    void aHolderOfTheWrongWidthIsRejected() {
        ExampleStream stream = Generators.byName("sea", 10, 1);
        assertThrows(IllegalArgumentException.class, () -> stream.next(new Example(4)));
    }

    @Test
    void theHolderIsFilledInPlace() {
        ExampleStream stream = Generators.byName("rbf", 2, 1);
        Example e = new Example(stream.dimension());
        double[] buffer = e.x;
        stream.next(e);
        double first = e.x[0];
        stream.next(e);
        assertTrue(buffer == e.x);
        assertNotEquals(first, e.x[0]);
    }
}
