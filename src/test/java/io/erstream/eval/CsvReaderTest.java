package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private DataFormatException failure(Path file, String... where) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), message);
        for (String part : where) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
        assertTrue(!message.contains("\n"), "one line: " + message);
        return e;
    }

    @Test
    void integerLabelsAreSortedNumerically() throws IOException {
        Dataset d = CsvReader.read(csv("a.csv", "a,b,label", "1,2,10", "3,4,2", "5,6,10"));
        assertArrayEquals(new String[] {"2", "10"}, d.classNames);
        assertArrayEquals(new int[] {1, 0, 1}, d.labels);
        assertArrayEquals(new double[] {3, 4}, d.x[1]);
        assertArrayEquals(new String[] {"a", "b"}, d.featureNames);
        assertNull(d.targets);
    }

    @Test
    void stringLabelsAreSortedLexicographically() throws IOException {
        Dataset d = CsvReader.read(csv("a.csv", "x,label", "1,cat", "2,ant", "3,bee", "4,10"));
        assertArrayEquals(new String[] {"10", "ant", "bee", "cat"}, d.classNames);
        assertArrayEquals(new int[] {3, 1, 2, 0}, d.labels);
    }

    @Test
    void theLabelColumnMayBeAnyNamedColumn() throws IOException {
        Dataset d = CsvReader.read(csv("a.csv", "y,a,b", "yes,1,2", "no,3,4"), "y", false);
        assertArrayEquals(new String[] {"a", "b"}, d.featureNames);
        assertArrayEquals(new double[] {1, 2}, d.x[0]);
        assertArrayEquals(new int[] {1, 0}, d.labels);
    }

    @Test
    void regressionReadsTheLabelColumnAsNumericTargets() throws IOException {
        Dataset d = CsvReader.read(csv("r.csv", "a,price", "1,2.5", "2,-1e3"), "price", true);
        assertArrayEquals(new double[] {2.5, -1000}, d.targets);
        assertNull(d.labels);
        assertNull(d.classNames);
        assertEquals(0, d.classes());
    }

    @Test
    void gzippedFilesAreReadTransparently() throws IOException {
        Path file = dir.resolve("z.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("a,label\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvReader.read(file);
        assertEquals(2, d.size());
        assertArrayEquals(new String[] {"x", "y"}, d.classNames);
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() throws IOException {
        Dataset d = CsvReader.read(csv("q.csv", "\"width, cm\",label", "\"1.5\",\"a, \"\"b\"\"\""));
        assertArrayEquals(new String[] {"width, cm"}, d.featureNames);
        assertArrayEquals(new String[] {"a, \"b\""}, d.classNames);
        assertEquals(1.5, d.x[0][0]);
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        Path file = csv("b.csv", "a,label", "", "1,x", "", "oops,y");
        failure(file, "line 5", "column 1 (a)");
    }

    @Test
    void aTestFileReusesTheTrainingClasses() throws IOException {
        Dataset train = CsvReader.read(csv("train.csv", "a,label", "1,b", "2,c", "3,a"));
        Dataset test = CsvReader.readDataset(csv("test.csv", "a,label", "1,c"), "label", false,
                train.classNames);
        assertArrayEquals(train.classNames, test.classNames);
        assertArrayEquals(new int[] {2}, test.labels);
    }

    @Test
    void aClassUnknownToTheTrainingClassesIsAnError() throws IOException {
        Path test = csv("test.csv", "a,label", "1,a", "2,zebra");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.readDataset(test, "label", false, new String[] {"a", "b"}));
        assertTrue(e.getMessage().contains("test.csv line 3, column 2 (label)"), e.getMessage());
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());
    }

    @Test
    void aShortRowNamesItsFirstMissingColumn() throws IOException {
        failure(csv("s.csv", "a,b,label", "1,2,x", "1,2"), "line 3, column 3 (label)", "2 fields");
    }

    @Test
    void aLongRowNamesItsFirstExtraColumn() throws IOException {
        failure(csv("l.csv", "a,label", "1,x,9"), "line 2, column 3 (extra)", "3 fields");
    }

    @Test
    void aNonNumericFeatureIsAnError() throws IOException {
        failure(csv("n.csv", "a,b,label", "1,abc,x"), "line 2, column 2 (b)", "\"abc\"");
    }

    @Test
    void aMissingFeatureValueIsAnError() throws IOException {
        failure(csv("m.csv", "a,b,label", "1,,x"), "line 2, column 2 (b)", "not a number");
    }

    @Test
    void aNonFiniteFeatureIsAnError() throws IOException {
        failure(csv("f.csv", "a,b,label", "1,2,x", "Infinity,2,x"), "line 3, column 1 (a)", "finite");
    }

    @Test
    void aMissingLabelColumnIsAnError() throws IOException {
        failure(csv("h.csv", "a,b,class", "1,2,x"), "line 1", "'label'", "[a, b, class]");
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        Path file = dir.resolve("e.csv");
        Files.writeString(file, "");
        failure(file, "line 1", "empty file");
    }

    @Test
    void aHeaderWithoutRowsIsAnError() throws IOException {
        failure(csv("o.csv", "a,label"), "line 2", "no data rows");
    }

    @Test
    void anEmptyLabelIsAnError() throws IOException {
        failure(csv("el.csv", "a,label", "1,x", "2, "), "line 3, column 2 (label)", "empty label");
    }

    @Test
    void aNonNumericRegressionTargetIsAnError() throws IOException {
        Path file = csv("t.csv", "a,y", "1,2", "2,high");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvReader.read(file, "y", true));
        assertTrue(e.getMessage().contains("t.csv line 3, column 2 (y)"), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteIsAnError() throws IOException {
        failure(csv("u.csv", "a,label", "1,\"x"), "line 2, column 2", "unterminated");
    }
}
