package dev.kiln.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX pair as MNIST and Fashion-MNIST are distributed: images ({@code 0x00000803}: count, rows, columns, then
 * unsigned bytes) and labels ({@code 0x00000801}: count, then one unsigned byte each), each optionally gzipped.
 * The headers are checked against each other and against the data: a count that disagrees, a file that ends early
 * or goes on after the declared data is refused (422) naming the part. Reading is bounded by the declared sizes,
 * so a gzip bomb inflates no further than one byte past them.
 */
final class IdxFiles {
    static final String SOURCE = "idx";
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFiles() {}

    static ImageSetFile.Index read(InputStream images, InputStream labels, ImageOptions options,
                                   DatasetSettings.Images limits, ImageUpload upload, OutputStream pixels)
            throws IOException {
        int[] values = labels(open(labels, "labels"), limits);
        var in = new DataInputStream(new BufferedInputStream(open(images, "images"), 1 << 16));
        try {
            int[] header = header(in, "images", 3);
            int count = header[0];
            int rows = header[1];
            int columns = header[2];
            if (count != values.length) {
                throw new ImageFormatException("labels", "the labels file has " + values.length + " labels, the images "
                        + "file " + count + " images");
            }
            if (count == 0) {
                throw new ImageFormatException("images", "the images file holds no image");
            }
            if (rows < 1 || columns < 1 || (long) rows * columns > limits.maxPixelsPerImage()) {
                throw new ImageFormatException("images", "images of " + rows + "x" + columns + " pixels are not "
                        + "supported (at most " + limits.maxPixelsPerImage() + " pixels each)");
            }
            List<String> names = names(values, options.classNames());
            ImageShape shape = options.shape(rows, columns, true);
            ImageArchive.checkDecodedSize(count, shape, limits);
            var builder = new ImageSetFile.Builder(shape, pixels, false);
            byte[] raw = new byte[rows * columns];
            for (int i = 0; i < count; i++) {
                if (in.readNBytes(raw, 0, raw.length) < raw.length) {
                    throw new ImageFormatException("images", "truncated: the file ends inside image " + (i + 1) + " of "
                            + count);
                }
                byte[] gray = ImageDecoder.resize(raw, 1, rows, columns, shape.height(), shape.width());
                builder.add(ImageDecoder.convert(gray, 1, shape.channels(), shape.height() * shape.width()),
                        names.get(values[i]), null);
            }
            if (in.read() != -1) {
                throw new ImageFormatException("images", "more data follows the " + count + " images the header "
                        + "declares");
            }
            upload.sized(rows, columns, count);
            Map<String, Integer> valueOf = new HashMap<>();
            for (int v : values) {
                valueOf.putIfAbsent(names.get(v), v);
            }
            return builder.finish(Comparator.comparingInt(valueOf::get));
        } catch (ZipException | EOFException e) {
            throw new ImageFormatException("images", "truncated or damaged (" + e.getMessage() + ")");
        }
    }

    /** The label values; the header must say unsigned bytes, one dimension, and the data must match its count. */
    private static int[] labels(InputStream stream, DatasetSettings.Images limits) throws IOException {
        var in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        try {
            int count = header(in, "labels", 1)[0];
            if (count > limits.maxDecodedSize().toBytes()) {
                throw new ImageFormatException("labels", "the header declares " + count + " labels, more images than "
                        + "an upload may hold");
            }
            byte[] data = in.readNBytes(count);
            if (data.length < count) {
                throw new ImageFormatException("labels", "truncated: the header declares " + count + " labels, the "
                        + "file holds " + data.length);
            }
            if (in.read() != -1) {
                throw new ImageFormatException("labels", "more data follows the " + count + " labels the header "
                        + "declares");
            }
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = data[i] & 0xff;
            }
            return values;
        } catch (ZipException | EOFException e) {
            throw new ImageFormatException("labels", "truncated or damaged (" + e.getMessage() + ")");
        }
    }

    /** Checks the magic number and returns the dimensions. */
    private static int[] header(DataInputStream in, String part, int dimensions) throws IOException {
        byte[] magic = in.readNBytes(4);
        String expected = part + ": expected an IDX " + (dimensions == 3 ? "images" : "labels") + " file (magic 0x0000080"
                + dimensions + ")";
        if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new ImageFormatException(part, expected + "; this is not an IDX file");
        }
        if ((magic[2] & 0xff) != UNSIGNED_BYTE) {
            throw new ImageFormatException(part, expected + "; its values are of type 0x"
                    + Integer.toHexString(magic[2] & 0xff) + ", Kiln reads unsigned bytes (0x08)");
        }
        if (magic[3] != dimensions) {
            throw new ImageFormatException(part, expected + "; it has " + magic[3] + " dimension(s)"
                    + (magic[3] == 1 ? " — is it the labels file?" : magic[3] == 3 ? " — is it the images file?" : ""));
        }
        int[] sizes = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] < 0) {
                throw new ImageFormatException(part, "dimension " + (i + 1) + " of the header is negative");
            }
        }
        return sizes;
    }

    /** The class name of each label value: the value itself, or its entry in {@code classNames}. */
    private static List<String> names(int[] values, List<String> classNames) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int v : values) {
            present.add(v);
        }
        List<String> names = new ArrayList<>(256);
        for (int v = 0; v < 256; v++) {
            names.add(String.valueOf(v));
        }
        if (classNames != null) {
            if (present.last() >= classNames.size()) {
                throw new ImageFormatException("classNames", classNames.size() + " names given, but label "
                        + present.last() + " occurs (names are for labels 0, 1, …)");
            }
            for (int v = 0; v < classNames.size(); v++) {
                names.set(v, classNames.get(v));
            }
        }
        return names;
    }

    /** The stream, unzipped when it starts with gzip's magic number. */
    private static InputStream open(InputStream raw, String part) throws IOException {
        var in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new ImageFormatException(part, "a damaged gzip file (" + e.getMessage() + ")");
            }
        }
        return in;
    }
}
