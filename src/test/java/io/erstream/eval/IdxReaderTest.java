package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    /** Three 2×2 images. */
    private static final int[][] PIXELS = {{0, 255, 51, 102}, {255, 255, 0, 0}, {1, 2, 3, 4}};
    private static final int[] LABELS = {7, 0, 9};

    @TempDir
    Path dir;

    private static byte[] images(int magic, int count, int rows, int columns, int[][] pixels)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int[] image : pixels) {
            for (int p : image) {
                out.writeByte(p);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int magic, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    private static byte[] validImages() throws IOException {
        return images(IdxReader.IMAGES_MAGIC, 3, 2, 2, PIXELS);
    }

    private static byte[] validLabels() throws IOException {
        return labels(IdxReader.LABELS_MAGIC, LABELS);
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private static void assertTheThreeImages(Dataset d) {
        assertEquals(3, d.size());
        assertEquals(4, d.dimension());
        assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, d.x[0], 1e-12);
        assertArrayEquals(new double[] {1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0}, d.x[2], 1e-12);
        assertArrayEquals(LABELS, d.labels);
        assertArrayEquals(new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
                d.classNames);
        assertArrayEquals(new String[] {"px0", "px1", "px2", "px3"}, d.featureNames);
    }

    private DataFormatException failure(Path images, Path labels, String... parts) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(images, labels));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void plainFilesRoundTrip() throws IOException {
        assertTheThreeImages(IdxReader.read(write("i", validImages(), false),
                write("l", validLabels(), false)));
    }

    @Test
    void gzippedFilesAreRecognisedByTheirMagicBytesNotTheirName() throws IOException {
        assertTheThreeImages(IdxReader.read(write("i", validImages(), true),
                write("l.gz", validLabels(), false)));
    }

    @Test
    void aDirectoryWithTheStandardNamesGivesTrainAndTest() throws IOException {
        write("train-images-idx3-ubyte.gz", validImages(), true);
        write("train-labels-idx1-ubyte.gz", validLabels(), true);
        write("t10k-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 1, 2, 2,
                new int[][] {{9, 9, 9, 9}}), false);
        write("t10k-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 4), false);
        Dataset[] sets = IdxReader.readDirectory(dir);
        assertTheThreeImages(sets[0]);
        assertArrayEquals(new int[] {4}, sets[1].labels);
    }

    @Test
    void theDottedMnistNamesAreAcceptedToo() throws IOException {
        write("train-images.idx3-ubyte", validImages(), false);
        write("train-labels.idx1-ubyte", validLabels(), false);
        write("t10k-images.idx3-ubyte", validImages(), false);
        write("t10k-labels.idx1-ubyte", validLabels(), false);
        assertTheThreeImages(IdxReader.readDirectory(dir)[1]);
    }

    @Test
    void aMissingFileInTheDirectoryIsNamed() throws IOException {
        write("train-images-idx3-ubyte", validImages(), false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readDirectory(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void swappedFilesFailOnTheMagicNumber() throws IOException {
        Path images = write("i", validImages(), false);
        Path labels = write("l", validLabels(), false);
        failure(labels, images, labels.toString(), "at byte 0", "0x00000801", "expected 0x00000803");
    }

    @Test
    void aTruncatedImageFileNamesTheImage() throws IOException {
        byte[] whole = validImages();
        Path images = write("i", Arrays.copyOf(whole, whole.length - 1), false);
        failure(images, write("l", validLabels(), false), images.toString(), "at byte 24",
                "truncated", "image 2 of 3");
    }

    @Test
    void aTruncatedHeaderIsAnError() throws IOException {
        Path images = write("i", Arrays.copyOf(validImages(), 10), true);
        failure(images, write("l", validLabels(), false), images.toString(), "at byte 8",
                "truncated header");
    }

    @Test
    void aTruncatedLabelFileNamesWhereItEnds() throws IOException {
        byte[] whole = validLabels();
        Path labels = write("l", Arrays.copyOf(whole, whole.length - 2), false);
        failure(write("i", validImages(), false), labels, labels.toString(), "at byte 9",
                "1 of 3 labels");
    }

    @Test
    void differentImageAndLabelCountsAreAnError() throws IOException {
        Path images = write("i", validImages(), false);
        Path labels = write("l", labels(IdxReader.LABELS_MAGIC, 1, 2), false);
        failure(images, labels, images.toString(), labels.toString(), "3 images", "2 labels");
    }

    @Test
    void aLabelAboveNineIsAnError() throws IOException {
        Path labels = write("l", labels(IdxReader.LABELS_MAGIC, 1, 12, 3), false);
        failure(write("i", validImages(), false), labels, "at byte 9", "label 12");
    }
}
