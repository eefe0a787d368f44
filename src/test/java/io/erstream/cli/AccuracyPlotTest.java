package io.erstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccuracyPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheDocumentedSizeWithDriftLines() throws Exception {
        int n = 200;
        long[] index = new long[n];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            index[i] = i * 100L;
            accuracy[i] = i < 100 ? 0.9 : 0.6 + 0.003 * (i - 100);
        }
        Path png = dir.resolve("accuracy.png");

        AccuracyPlot.write(png, "SEA, abrupt drift at 10,000", index, accuracy, new long[] {10_000});

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "decodes as an image");
        assertEquals(AccuracyPlot.WIDTH, image.getWidth());
        assertEquals(AccuracyPlot.HEIGHT, image.getHeight());
        assertTrue(hasReddishPixel(image), "a drift line is drawn");
    }

    @Test
    void noDriftMeansNoDriftLine() throws Exception {
        Path png = dir.resolve("calm.png");

        AccuracyPlot.write(png, "calm", new long[] {0, 1, 2}, new double[] {0.5, 0.6, 0.7}, new long[0]);

        assertTrue(!hasReddishPixel(ImageIO.read(png.toFile())));
    }

    @Test
    void mismatchedSeriesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyPlot.write(dir.resolve("x.png"), "x", new long[] {1, 2}, new double[] {0.5}, new long[0]));
    }

    private static boolean hasReddishPixel(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 150 && g < 80 && b < 80) {
                    return true;
                }
            }
        }
        return false;
    }
}
