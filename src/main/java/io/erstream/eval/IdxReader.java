package io.erstream.eval;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MNIST-style IDX files (MNIST, Fashion-MNIST) into a {@link Dataset}, so the learner can be
 * scored on a real image benchmark.
 *
 * <p>Format (LeCun et al.): big-endian; images start with magic {@code 0x00000803}, the count, rows
 * and columns, then one unsigned byte per pixel; labels start with magic {@code 0x00000801} and the
 * count, then one byte per label. Files are unzipped when they start with the gzip magic bytes,
 * whatever their name. Pixels are scaled to [0, 1]; features are named {@code px0, px1, ...} in
 * row-major order; classes are the digits "0".."9". Errors name the file and the byte offset in its
 * (unzipped) content: wrong magic, a truncated file, a label above 9, or image and label counts that
 * differ. A 60000 × 784 training set takes about 380 MB as doubles.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private IdxReader() {
    }

    /**
     * Reads {@code {train, test}} from a directory holding {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz}; the original MNIST
     * spelling with a dot ({@code train-images.idx3-ubyte}) is accepted too.
     */
    public static Dataset[] readDirectory(Path dir) {
        return new Dataset[] {
            read(find(dir, "train", "images", "idx3"), find(dir, "train", "labels", "idx1")),
            read(find(dir, "t10k", "images", "idx3"), find(dir, "t10k", "labels", "idx1")),
        };
    }

    /** Reads one image file and its label file. */
    public static Dataset read(Path images, Path labels) {
        double[][] x = readImages(images);
        int[] y = readLabels(labels);
        if (x.length != y.length) {
            throw new DataFormatException(images + " holds " + x.length + " images but " + labels
                    + " holds " + y.length + " labels");
        }
        int dimension = x.length == 0 ? 0 : x[0].length;
        String[] features = new String[dimension];
        for (int i = 0; i < dimension; i++) {
            features[i] = "px" + i;
        }
        return new Dataset(x, y, null, features, DIGITS.clone());
    }

    static double[][] readImages(Path file) {
        try (DataInputStream in = new DataInputStream(Inputs.open(file))) {
            int count = header(in, file, IMAGES_MAGIC);
            int rows = dimensionAt(in, file, 8);
            int columns = dimensionAt(in, file, 12);
            int pixels = Math.multiplyExact(rows, columns);
            List<double[]> x = new ArrayList<>(Math.min(count, 1 << 16));
            byte[] buffer = new byte[pixels];
            for (int i = 0; i < count; i++) {
                readFully(in, buffer, file, 16L + (long) i * pixels, "image " + i + " of " + count);
                double[] image = new double[pixels];
                for (int p = 0; p < pixels; p++) {
                    image[p] = (buffer[p] & 0xff) / 255.0;
                }
                x.add(image);
            }
            return x.toArray(new double[0][]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static int[] readLabels(Path file) {
        try (DataInputStream in = new DataInputStream(Inputs.open(file))) {
            int count = header(in, file, LABELS_MAGIC);
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw DataFormatException.atByte(file, 8L + bytes.length,
                        "truncated after " + bytes.length + " of " + count + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
                if (labels[i] > 9) {
                    throw DataFormatException.atByte(file, 8L + i,
                            "label " + labels[i] + " is not a digit 0..9");
                }
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Checks the magic number and returns the item count. */
    private static int header(DataInputStream in, Path file, int magic) throws IOException {
        int found = intAt(in, file, 0);
        if (found != magic) {
            throw DataFormatException.atByte(file, 0, String.format(
                    "magic number 0x%08x, expected 0x%08x", found, magic));
        }
        return dimensionAt(in, file, 4);
    }

    private static int dimensionAt(DataInputStream in, Path file, long offset) throws IOException {
        int value = intAt(in, file, offset);
        if (value < 0) {
            throw DataFormatException.atByte(file, offset, "negative size " + value);
        }
        return value;
    }

    private static int intAt(DataInputStream in, Path file, long offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DataFormatException.atByte(file, offset, "truncated header");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, long offset,
            String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw DataFormatException.atByte(file, offset, "truncated while reading " + what);
        }
    }

    private static Path find(Path dir, String set, String kind, String idx) {
        for (String separator : new String[] {"-", "."}) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path candidate = dir.resolve(set + "-" + kind + separator + idx + "-ubyte" + suffix);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new DataFormatException(dir + ": no " + set + "-" + kind + "-" + idx
                + "-ubyte[.gz] file");
    }
}
