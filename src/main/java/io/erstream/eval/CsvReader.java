package io.erstream.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a CSV file with a header row into a {@link Dataset}, so users can evaluate on their own
 * tables. Every column but the label column is a numeric feature; blank lines are skipped; files
 * starting with the gzip magic bytes (e.g. {@code .csv.gz}) are unzipped; quoted fields may hold
 * commas (see {@link CsvFields}).
 *
 * <p>Class labels may be integers or strings. Class names are the distinct labels sorted
 * numerically when all of them are integers, else lexicographically by {@link String#compareTo},
 * and a label's index is its position in that order. A test file can reuse the training file's
 * classes with {@link #readDataset}.
 *
 * <p>Malformed input throws {@link DataFormatException} with a one-line message naming the file,
 * the line and the column: a row with too few or too many fields, a feature that is not a finite
 * number (missing values included), a missing label column, an empty file or one with no rows, an
 * empty label, a non-numeric regression target, and a class unknown to the reused classes.
 */
public final class CsvReader {
    /** The label column used when none is named. */
    public static final String DEFAULT_LABEL_COLUMN = "label";

    private CsvReader() {
    }

    /** Reads a classification table whose labels are in column {@code label}. */
    public static Dataset read(Path file) {
        return read(file, DEFAULT_LABEL_COLUMN, false);
    }

    /** Reads a table labelled by {@code labelColumn}: class labels, or numeric targets if regression. */
    public static Dataset read(Path file, String labelColumn, boolean regression) {
        return readDataset(file, labelColumn, regression, null);
    }

    /**
     * Like {@link #read(Path, String, boolean)}, but with {@code classNamesToReuse} non-null the
     * labels are mapped to those classes (e.g. the training file's) and any other label is an error.
     */
    public static Dataset readDataset(Path file, String labelColumn, boolean regression,
            String[] classNamesToReuse) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Inputs.open(file), StandardCharsets.UTF_8))) {
            return new Table(file, labelColumn, regression).read(reader, classNamesToReuse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The state of one read: header, rows so far, and where the labels are. */
    private static final class Table {
        private final Path file;
        private final String labelColumn;
        private final boolean regression;
        private final List<double[]> rows = new ArrayList<>();
        private final List<String> rawLabels = new ArrayList<>();
        private final List<Long> labelLines = new ArrayList<>();
        private List<String> header;
        private int labelIndex;
        private long lineNumber;

        Table(Path file, String labelColumn, boolean regression) {
            this.file = file;
            this.labelColumn = labelColumn;
            this.regression = regression;
        }

        Dataset read(BufferedReader reader, String[] classNamesToReuse) throws IOException {
            readHeader(reader);
            for (String line = nextLine(reader); line != null; line = nextLine(reader)) {
                readRow(line);
            }
            if (rows.isEmpty()) {
                throw DataFormatException.atLine(file, lineNumber, "no data rows after the header");
            }
            double[][] x = rows.toArray(new double[0][]);
            String[] features = featureNames();
            if (regression) {
                return new Dataset(x, null, targets(), features, null);
            }
            String[] classes = classNamesToReuse != null ? classNamesToReuse.clone() : classNames();
            return new Dataset(x, labels(classes), null, features, classes);
        }

        private void readHeader(BufferedReader reader) throws IOException {
            String line = nextLine(reader);
            if (line == null) {
                throw DataFormatException.atLine(file, 1, "empty file, expected a header row");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            header = CsvFields.split(line, file, lineNumber);
            labelIndex = header.indexOf(labelColumn);
            if (labelIndex < 0) {
                throw DataFormatException.atLine(file, lineNumber, "no label column '" + labelColumn
                        + "' among header columns " + header);
            }
        }

        /** The next non-blank line, or null at the end; counts every line. */
        private String nextLine(BufferedReader reader) throws IOException {
            String line;
            do {
                line = reader.readLine();
                lineNumber++;
            } while (line != null && line.isBlank());
            return line;
        }

        private void readRow(String line) {
            List<String> fields = CsvFields.split(line, file, lineNumber);
            if (fields.size() != header.size()) {
                int column = Math.min(fields.size(), header.size()) + 1;
                String name = column <= header.size() ? header.get(column - 1) : "extra";
                throw cell(column, name,
                        "row has " + fields.size() + " fields, header has " + header.size());
            }
            double[] x = new double[header.size() - 1];
            int j = 0;
            for (int c = 0; c < fields.size(); c++) {
                if (c != labelIndex) {
                    x[j++] = number(fields.get(c), c, "feature");
                }
            }
            String label = fields.get(labelIndex);
            if (label.isEmpty()) {
                throw cell(labelIndex + 1, labelColumn, "empty label");
            }
            rows.add(x);
            rawLabels.add(label);
            labelLines.add(lineNumber);
        }

        private double number(String text, int c, String what) {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw cell(c + 1, header.get(c), what + " is not a number: \"" + text + "\"");
            }
            if (!Double.isFinite(value)) {
                throw cell(c + 1, header.get(c), what + " is not finite: \"" + text + "\"");
            }
            return value;
        }

        private String[] featureNames() {
            List<String> names = new ArrayList<>(header);
            names.remove(labelIndex);
            return names.toArray(new String[0]);
        }

        private double[] targets() {
            double[] targets = new double[rawLabels.size()];
            for (int i = 0; i < targets.length; i++) {
                lineNumber = labelLines.get(i);
                targets[i] = number(rawLabels.get(i), labelIndex, "target");
            }
            return targets;
        }

        private String[] classNames() {
            TreeSet<String> distinct = new TreeSet<>(rawLabels);
            boolean allIntegers = distinct.stream().allMatch(CsvReader::isInteger);
            Comparator<String> order = allIntegers
                    ? Comparator.<String>comparingLong(Long::parseLong)
                            .thenComparing(Comparator.<String>naturalOrder())
                    : Comparator.naturalOrder();
            return distinct.stream().sorted(order).toArray(String[]::new);
        }

        private int[] labels(String[] classes) {
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < classes.length; k++) {
                index.put(classes[k], k);
            }
            int[] labels = new int[rawLabels.size()];
            for (int i = 0; i < labels.length; i++) {
                Integer k = index.get(rawLabels.get(i));
                if (k == null) {
                    lineNumber = labelLines.get(i);
                    throw cell(labelIndex + 1, labelColumn, "class \"" + rawLabels.get(i)
                            + "\" is not one of the known classes " + Arrays.toString(classes));
                }
                labels[i] = k;
            }
            return labels;
        }

        private DataFormatException cell(int column, String name, String problem) {
            return DataFormatException.atCell(file, lineNumber, column, name, problem);
        }
    }

    private static boolean isInteger(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
