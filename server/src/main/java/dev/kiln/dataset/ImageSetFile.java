package dev.kiln.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training-ready form of an image dataset, in two blobs: the pixels (every image's bytes one after another,
 * NCHW, unsigned 8-bit, nothing else) and an index ({@code KILNIMG1}: shape, count, class names, each image's
 * class index, where each image came from, and the pixels' size and sha256). Images are decoded once, at upload.
 */
final class ImageSetFile {
    private static final byte[] MAGIC = "KILNIMG1".getBytes(StandardCharsets.US_ASCII);

    private ImageSetFile() {}

    /** The index of a finished set: class names in index order, and per image its class index and source. */
    record Index(ImageShape shape, List<String> classes, int[] labels, List<String> sources, long[] classCounts,
                 double[] mean, double[] std) {
        int count() {
            return labels.length;
        }
    }

    /**
     * Collects images as they are decoded: the pixels go straight to their blob; labels, sources and the per-channel
     * sums for the profile stay in memory.
     */
    static final class Builder {
        private final ImageShape shape;
        private final OutputStream pixels;
        private final boolean keepSources;
        private final Map<String, Integer> labelIds = new HashMap<>();
        private final List<String> labelNames = new ArrayList<>();
        private final List<String> sources = new ArrayList<>();
        private final long[] sums;
        private final long[] squares;
        private int[] labels = new int[1024];
        private int count;

        Builder(ImageShape shape, OutputStream pixels, boolean keepSources) {
            this.shape = shape;
            this.pixels = pixels;
            this.keepSources = keepSources;
            this.sums = new long[shape.channels()];
            this.squares = new long[shape.channels()];
        }

        ImageShape shape() {
            return shape;
        }

        int count() {
            return count;
        }

        /** Adds one image, already in the set's shape. */
        void add(byte[] image, String label, String source) throws IOException {
            if (image.length != shape.size()) {
                throw new IllegalArgumentException("image of " + image.length + " bytes in a set of " + shape);
            }
            pixels.write(image);
            int plane = shape.height() * shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                long sum = 0;
                long square = 0;
                for (int i = c * plane, end = i + plane; i < end; i++) {
                    int v = image[i] & 0xff;
                    sum += v;
                    square += v * v;
                }
                sums[c] += sum;
                squares[c] += square;
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, count * 2);
            }
            labels[count++] = labelIds.computeIfAbsent(label, name -> {
                labelNames.add(name);
                return labelNames.size() - 1;
            });
            if (keepSources) {
                sources.add(source);
            }
        }

        /** The index, classes numbered in {@code order} (names not in it follow in natural order). */
        Index finish(Comparator<String> order) {
            List<String> classes = new ArrayList<>(labelNames);
            classes.sort(order);
            int[] remap = new int[labelNames.size()];
            for (int i = 0; i < remap.length; i++) {
                remap[i] = classes.indexOf(labelNames.get(i));
            }
            int[] indexed = new int[count];
            long[] counts = new long[classes.size()];
            for (int i = 0; i < count; i++) {
                indexed[i] = remap[labels[i]];
                counts[indexed[i]]++;
            }
            double n = (double) count * shape.height() * shape.width();
            double[] mean = new double[shape.channels()];
            double[] std = new double[shape.channels()];
            for (int c = 0; c < mean.length; c++) {
                double m = sums[c] / n;
                mean[c] = m / 255;
                std[c] = Math.sqrt(Math.max(0, squares[c] / n - m * m)) / 255;
            }
            return new Index(shape, List.copyOf(classes), indexed, keepSources ? List.copyOf(sources) : List.of(),
                    counts, mean, std);
        }
    }

    /** Numbers in numeric order when every name is a whole number; otherwise names in character order. */
    static Comparator<String> naturalOrder(List<String> names) {
        boolean numeric = !names.isEmpty() && names.stream().allMatch(n -> n.matches("-?\\d{1,18}"));
        return numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
    }

    static void writeIndex(OutputStream target, Index index, String pixelsSha256, long pixelsSize) throws IOException {
        var out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
        out.write(MAGIC);
        out.writeInt(index.shape().channels());
        out.writeInt(index.shape().height());
        out.writeInt(index.shape().width());
        out.writeInt(index.count());
        out.writeInt(index.classes().size());
        for (String name : index.classes()) {
            out.writeUTF(name);
        }
        for (int label : index.labels()) {
            out.writeInt(label);
        }
        out.writeBoolean(!index.sources().isEmpty());
        for (String source : index.sources()) {
            out.writeUTF(source.length() > 1000 ? source.substring(0, 1000) : source);
        }
        out.writeUTF(pixelsSha256);
        out.writeLong(pixelsSize);
        out.flush();
    }

    /** Where the pixels are and how to check them. */
    record PixelsRef(String sha256, long size) {}

    /** A stored index as read back: everything but the pixels, and how to find and check them. */
    record Stored(ImageShape shape, List<String> classes, int[] labels, List<String> sources, PixelsRef pixels) {
        int count() {
            return labels.length;
        }

        /** The file an image came from (a path in the archive), or its position in an IDX file. */
        String source(int index) {
            return sources.isEmpty() ? "#" + index : sources.get(index);
        }
    }

    static Stored readIndex(InputStream indexStream) throws IOException {
        var in = new DataInputStream(new BufferedInputStream(indexStream, 1 << 16));
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Kiln image set (bad magic)");
        }
        var shape = new ImageShape(in.readInt(), in.readInt(), in.readInt());
        int count = in.readInt();
        int classCount = in.readInt();
        List<String> classes = new ArrayList<>(classCount);
        for (int i = 0; i < classCount; i++) {
            classes.add(in.readUTF());
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = in.readInt();
        }
        List<String> sources = new ArrayList<>();
        if (in.readBoolean()) {
            for (int i = 0; i < count; i++) {
                sources.add(in.readUTF());
            }
        }
        var ref = new PixelsRef(in.readUTF(), in.readLong());
        long expected = (long) count * shape.size();
        if (ref.size() != expected) {
            throw new IOException("the image set's pixels should be " + expected + " bytes, the index says " + ref.size());
        }
        while (in.read() != -1) {
            // drain, so that a verifying stream checks the whole index
        }
        return new Stored(shape, List.copyOf(classes), labels, List.copyOf(sources), ref);
    }

    /** The whole set: the index and every pixel, read from {@code pixels} (which must hold exactly them). */
    static ImageSet read(Stored stored, InputStream pixels) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(stored.pixels().size())];
        int read = pixels.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length || pixels.read() != -1) {
            throw new IOException("the image set's pixels are not " + bytes.length + " bytes long");
        }
        return new ImageSet(stored.shape(), bytes, stored.labels(), stored.classes(), stored.sources());
    }
}
