package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sample {@code mnist-json/} holds two synthetic images per digit, a bar on row 4 + 2·digit. */
class MnistJsonReaderTest {

    @TempDir
    Path temp;

    private static Path sample() throws URISyntaxException {
        return Path.of(MnistJsonReaderTest.class.getResource("/mnist-json/0.json").toURI()).getParent();
    }

    private Path file(String content) throws IOException {
        Path file = temp.resolve("3.json");
        Files.writeString(file, content);
        return file;
    }

    private static String pixels(int count, String value) {
        String[] values = new String[count];
        Arrays.fill(values, value);
        return String.join(",", values);
    }

    @Test
    void readsEveryDigitFileLabelledByItsName() throws Exception {
        Dataset data = MnistJsonReader.readDirectory(sample());
        assertEquals(20, data.size());
        assertEquals(784, data.dimension());
        assertEquals(10, data.classes());
        for (int i = 0; i < data.size(); i++) {
            int digit = i / 2;
            assertEquals(digit, data.labels[i]);
            int row = 4 + 2 * digit;
            assertEquals(0.5 + 0.05 * (i % 2) + 0.01 * 6, data.x[i][row * 28 + 6], 1e-12);
            assertEquals(0.0, data.x[i][row * 28 + 5]);
        }
    }

    @Test
    void splitIsSeededAndDisjoint() throws Exception {
        Dataset[] first = MnistJsonReader.readSplit(sample(), 16, 1);
        Dataset[] again = MnistJsonReader.readSplit(sample(), 16, 1);
        assertEquals(16, first[0].size());
        assertEquals(4, first[1].size());
        assertArrayEquals(first[0].labels, again[0].labels);
        Set<double[]> train = new HashSet<>(Arrays.asList(first[0].x));
        for (double[] row : first[1].x) {
            assertTrue(!train.contains(row), "a test image is also in the training set");
        }
        Dataset[] other = MnistJsonReader.readSplit(sample(), 16, 2);
        assertNotEquals(Arrays.toString(first[1].labels) + Arrays.deepHashCode(first[1].x),
                Arrays.toString(other[1].labels) + Arrays.deepHashCode(other[1].x));
    }

    @Test
    void pixelOutsideTheUnitIntervalIsReportedWithLineAndColumn() throws IOException {
        Path file = file("{ \"data\": [\n0,0.5,\n  1.5] }");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file + " line 3, column 3: pixel 1.5"), e.getMessage());
    }

    @Test
    void nonNumberIsReportedWithItsPosition() throws IOException {
        Path file = file("{\"data\":[0,x]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readImages(file));
        assertEquals(file + " line 1, column 12: 'x', expected a number", e.getMessage());
    }

    @Test
    void wrongKeyIsReported() throws IOException {
        Path file = file("{\"pixels\":[]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readImages(file));
        assertEquals(file + " line 1, column 2: key \"pixels\", expected \"data\"", e.getMessage());
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        Path file = file("{\"data\":[0,0");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readImages(file));
        assertEquals(file + " line 1, column 13: end of file, expected ',' or ']' after value 1", e.getMessage());
    }

    @Test
    void arrayLengthMustBeWholeImages() throws IOException {
        Path file = file("{\"data\":[" + pixels(785, "0") + "]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readImages(file));
        assertTrue(e.getMessage().contains("785 numbers, not a multiple of 784"), e.getMessage());
    }

    @Test
    void missingDigitFileIsNamed() throws IOException {
        Files.writeString(temp.resolve("0.json"), "{\"data\":[" + pixels(784, "0") + "]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistJsonReader.readDirectory(temp));
        assertTrue(e.getMessage().startsWith(temp + ": no 1.json"), e.getMessage());
    }
}
