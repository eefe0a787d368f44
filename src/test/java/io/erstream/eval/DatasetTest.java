package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Row i is {i, 10 i} with label i % 3. */
    private static Dataset counting(int n) {
        double[][] x = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i, 10 * i};
            labels[i] = i % 3;
        }
        return new Dataset(x, labels, null, new String[] {"i", "ten"}, new String[] {"a", "b", "c"});
    }

    @Test
    void aStreamReplaysTheRowsInOrderIntoTheHolder() {
        Dataset d = counting(4);
        ExampleStream stream = d.stream();
        Example e = new Example(2);
        for (int i = 0; i < 4; i++) {
            assertTrue(stream.next(e));
            assertArrayEquals(d.x[i], e.x);
            assertNotSame(d.x[i], e.x);
            assertEquals(i % 3, e.label);
            assertEquals(i, e.index);
            assertTrue(Double.isNaN(e.target));
        }
        assertFalse(stream.next(e));
        assertEquals(4, stream.size());
        assertEquals(3, stream.classes());
    }

    @Test
    void aRegressionStreamSetsTheTargetAndNoLabel() {
        Dataset d = new Dataset(new double[][] {{1}}, null, new double[] {2.5}, new String[] {"a"}, null);
        Example e = new Example(1);
        d.stream().next(e);
        assertEquals(2.5, e.target);
        assertEquals(-1, e.label);
        assertEquals(0, d.stream().classes());
    }

    @Test
    void shufflingIsASeededPermutationOfTheRows() {
        Dataset d = counting(50);
        Dataset a = d.shuffled(7);
        Dataset b = d.shuffled(7);
        assertArrayEquals(a.labels, b.labels);
        assertFalse(Arrays.equals(d.labels, a.labels));
        double[] firsts = Arrays.stream(a.x).mapToDouble(r -> r[0]).sorted().toArray();
        for (int i = 0; i < 50; i++) {
            assertEquals(i, firsts[i]);
            assertEquals((int) a.x[i][0] % 3, a.labels[i], "row and label move together");
        }
    }

    @Test
    void differentSeedsShuffleDifferently() {
        assertFalse(Arrays.equals(counting(50).shuffled(1).labels, counting(50).shuffled(2).labels));
    }

    @Test
    void splitCutsAShuffledCopyAtTheRoundedFraction() {
        Dataset[] parts = counting(10).split(0.75, 3);
        assertEquals(8, parts[0].size());
        assertEquals(2, parts[1].size());
        double[] all = new double[10];
        for (int i = 0; i < 10; i++) {
            all[i] = (i < 8 ? parts[0].x[i] : parts[1].x[i - 8])[0];
        }
        Arrays.sort(all);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
    }

    @Test
    void mismatchedLabelsAndRowsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[][] {{1}},
                new int[] {0, 1}, null, new String[] {"a"}, new String[] {"x"}));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[][] {{1}},
                new int[] {0}, new double[] {1}, new String[] {"a"}, new String[] {"x"}));
    }
}
