package dev.kiln.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Small images and archives made in memory for tests. */
public final class TestImages {
    private TestImages() {}

    /** A gray image whose pixel (y, x) is {@code (seed + 7y + 3x) mod 256}, encoded as {@code format}. */
    public static byte[] gray(int height, int width, int seed, String format) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                samples[y * width + x] = (seed + 7 * y + 3 * x) & 0xff;
            }
        }
        image.getRaster().setSamples(0, 0, width, height, 0, samples);
        return encode(image, format);
    }

    /** An RGB image of one color, encoded as {@code format}. */
    public static byte[] rgb(int height, int width, int rgb, String format) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return encode(image, format);
    }

    /** Gray pixels (one byte each, row-major) as a PNG. */
    public static byte[] grayPng(byte[] pixels, int height, int width) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[pixels.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = pixels[i] & 0xff;
        }
        image.getRaster().setSamples(0, 0, width, height, 0, samples);
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            var out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ZIP archive of the given entries, in order (deflated). */
    public static byte[] zip(Map<String, byte[]> entries) {
        try {
            var bytes = new ByteArrayOutputStream();
            try (var zip = new ZipOutputStream(bytes)) {
                for (var entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ZIP archive with one regular image and one symbolic link entry pointing at {@code target}. */
    public static byte[] zipWithSymlink(String link, String target) {
        try {
            var bytes = new ByteArrayOutputStream();
            try (var zip = new ZipArchiveOutputStream(bytes)) {
                var image = new ZipArchiveEntry("a/1.png");
                zip.putArchiveEntry(image);
                zip.write(gray(4, 4, 0, "png"));
                zip.closeArchiveEntry();
                var entry = new ZipArchiveEntry(link);
                entry.setUnixMode(0120777);
                zip.putArchiveEntry(entry);
                zip.write(target.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries in insertion order. */
    public static Map<String, byte[]> entries(Object... pathsAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            entries.put((String) pathsAndContents[i], (byte[]) pathsAndContents[i + 1]);
        }
        return entries;
    }
}
