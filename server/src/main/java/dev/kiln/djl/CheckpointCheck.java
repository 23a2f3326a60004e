package dev.kiln.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a checkpoint file that came from outside (an imported artifact) without trusting it: every array's header is
 * checked — DJL's encoding, version 2 or 3, a known data type, non-negative dimensions, a byte count that equals its
 * shape and fits in what is left of the file — and its data skipped, so nothing is allocated beyond small headers
 * before the file is known to be sound. The first arrays must have the shapes of the declared network's parameters.
 * Only then may the engine decode it.
 */
final class CheckpointCheck {
    private static final byte[] MAGIC = "KILNCKP2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_ARRAYS = 100_000;
    private static final int MAX_DOUBLES = 1024;
    private static final int MAX_DIMENSIONS = 16;

    private CheckpointCheck() {}

    /** Why the checkpoint is unsound, or null when it holds the given parameters (and what else a checkpoint holds). */
    static String problem(InputStream raw, long size, List<Shape> parameters) throws IOException {
        try {
            return arrays(new Counting(raw), size, parameters);
        } catch (java.io.EOFException e) {
            return "parameters.ckpt ends early: the file is truncated";
        }
    }

    private static String arrays(Counting in, long size, List<Shape> parameters) throws IOException {
        var data = new DataInputStream(in);
        if (!Arrays.equals(data.readNBytes(MAGIC.length), MAGIC)) {
            return "parameters.ckpt is not a Kiln checkpoint";
        }
        data.readInt();
        data.readInt();
        data.readInt();
        data.readDouble();
        data.readInt();
        for (int list = 0; list < 2; list++) {
            int n = data.readInt();
            if (n > MAX_DOUBLES) {
                return "parameters.ckpt is malformed (a state of " + n + " values)";
            }
            data.skipNBytes(Math.max(0, n) * 8L);
        }
        int arrays = data.readInt();
        if (arrays < parameters.size() || arrays > MAX_ARRAYS) {
            return "parameters.ckpt holds " + arrays + " arrays; the declared network has " + parameters.size()
                    + " parameters";
        }
        for (int i = 0; i < arrays; i++) {
            String header = array(data, in, size, i < parameters.size() ? parameters.get(i) : null);
            if (header != null) {
                return "parameters.ckpt, array " + i + ": " + header;
            }
        }
        return null;
    }

    private static String array(DataInputStream data, Counting in, long size, Shape expected) throws IOException {
        if (!"NDAR".equals(data.readUTF())) {
            return "not an encoded array";
        }
        int version = data.readInt();
        if (version < 2 || version > 3) {
            return "unknown encoding version " + version;
        }
        if (version > 2 && data.readByte() == 1) {
            data.readUTF();
        }
        data.readUTF(); // sparse format
        DataType type;
        try {
            type = DataType.valueOf(data.readUTF());
        } catch (IllegalArgumentException e) {
            return "unknown data type";
        }
        if (type == DataType.STRING || type.getNumOfBytes() <= 0) {
            return "a " + type + " array where numbers are expected";
        }
        int dimensions = data.readInt();
        if (dimensions < 0 || dimensions > MAX_DIMENSIONS) {
            return dimensions + " dimensions";
        }
        long[] shape = new long[dimensions];
        long elements = 1;
        try {
            for (int d = 0; d < dimensions; d++) {
                shape[d] = data.readLong();
                if (shape[d] < 0 || shape[d] > size) {
                    return "a dimension of " + shape[d];
                }
                elements = Math.multiplyExact(elements, shape[d]);
            }
            elements = Math.multiplyExact(elements, type.getNumOfBytes());
        } catch (ArithmeticException e) {
            return "a shape too large for any file";
        }
        int layout = data.readInt();
        if (layout < 0 || layout > MAX_DIMENSIONS) {
            return "a layout of " + layout + " characters";
        }
        data.skipNBytes(layout * 2L);
        if (version > 2) {
            data.readByte(); // byte order
        }
        int length = data.readInt();
        if (length < 0 || length != elements || length > size - in.count) {
            return "declares " + length + " bytes for a " + Arrays.toString(shape) + " " + type + " array in a file of "
                    + size + " bytes";
        }
        if (expected != null && (type != DataType.FLOAT32 || !Arrays.equals(shape, expected.getShape()))) {
            return "shape " + Arrays.toString(shape) + " (" + type + "), but the declared network's parameter is "
                    + Arrays.toString(expected.getShape()) + " (FLOAT32)";
        }
        data.skipNBytes(length);
        return null;
    }

    /** Counts what has been read, so that a declared length can be compared with what is left. */
    private static final class Counting extends java.io.FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
