package dev.kiln.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's training-ready form, written once at upload so that runs do not parse text again. Version 1,
 * big-endian: the magic {@code KILNTBL1}, the row count (long), the column count (int), per column its name
 * (modified UTF-8) and type (0 numeric, 1 categorical); then the rows, each cell in column order: a numeric
 * cell as a double (NaN when missing), a categorical cell as its UTF-8 length (int, −1 when missing) and bytes.
 */
final class TableFile {
    static final byte[] MAGIC = "KILNTBL1".getBytes(StandardCharsets.US_ASCII);

    private TableFile() {}

    /** Writes the header; then {@link Rows#add} writes each CSV record as a binary row. */
    static Rows writer(OutputStream out, DatasetProfile profile) throws IOException {
        var data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeLong(profile.rows());
        data.writeInt(profile.columns().size());
        for (ColumnProfile column : profile.columns()) {
            data.writeUTF(column.name());
            data.writeByte(column.isNumeric() ? 0 : 1);
        }
        boolean[] numeric = new boolean[profile.columns().size()];
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = profile.columns().get(i).isNumeric();
        }
        return new Rows(data, numeric);
    }

    /** Appends CSV records as binary rows. */
    static final class Rows {
        private final DataOutputStream out;
        private final boolean[] numeric;

        private Rows(DataOutputStream out, boolean[] numeric) {
            this.out = out;
            this.numeric = numeric;
        }

        void add(String[] record) {
            try {
                for (int i = 0; i < record.length; i++) {
                    boolean missing = CellValues.isMissing(record[i]);
                    if (numeric[i]) {
                        out.writeDouble(missing ? Double.NaN : CellValues.parseNumber(record[i]));
                    } else if (missing) {
                        out.writeInt(-1);
                    } else {
                        byte[] bytes = record[i].getBytes(StandardCharsets.UTF_8);
                        out.writeInt(bytes.length);
                        out.write(bytes);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            out.flush();
        }
    }

    /** Reads the named columns of every row. */
    static Table read(InputStream raw, List<String> names) throws IOException {
        var in = new Input(raw);
        byte[] magic;
        try {
            magic = in.bytes(MAGIC.length);
        } catch (java.io.EOFException e) {
            magic = new byte[0];
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Kiln table file (version 1)");
        }
        int rows = Math.toIntExact(in.readLong());
        int width = in.readInt();
        boolean[] numeric = new boolean[width];
        int[] wanted = new int[width];
        Arrays.fill(wanted, -1);
        List<String> header = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            header.add(in.readUtf());
            numeric[i] = in.readByte() == 0;
        }
        for (int j = 0; j < names.size(); j++) {
            int position = header.indexOf(names.get(j));
            if (position < 0) {
                throw new IOException("the table file has no column " + names.get(j));
            }
            wanted[position] = j;
        }
        double[][] numbers = new double[names.size()][];
        String[][] strings = new String[names.size()][];
        boolean allNumeric = true;
        for (int i = 0; i < width; i++) {
            allNumeric &= numeric[i];
            if (wanted[i] >= 0) {
                if (numeric[i]) {
                    numbers[wanted[i]] = new double[rows];
                } else {
                    strings[wanted[i]] = new String[rows];
                }
            }
        }
        if (allNumeric) {
            readNumericRows(in, rows, wanted, numbers);
        } else {
            readRows(in, rows, numeric, wanted, numbers, strings);
        }
        // read to the end so that a verifying stream checks the file's sha256
        if (!in.atEnd()) {
            throw new IOException("the table file is longer than its header says");
        }
        List<Table.Column> columns = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            columns.add(numbers[j] != null ? new Table.NumericColumn(names.get(j), numbers[j])
                    : new Table.CategoricalColumn(names.get(j), strings[j]));
        }
        return new Table(rows, columns);
    }

    /** Rows of numbers only: each row's cells taken from the buffer at once. */
    private static void readNumericRows(Input in, int rows, int[] wanted, double[][] numbers) throws IOException {
        int width = wanted.length;
        for (int r = 0; r < rows; r++) {
            int at = in.take(8 * width);
            for (int i = 0; i < width; i++) {
                int j = wanted[i];
                if (j >= 0) {
                    numbers[j][r] = in.doubleAt(at + 8 * i);
                }
            }
        }
    }

    private static void readRows(Input in, int rows, boolean[] numeric, int[] wanted, double[][] numbers,
                                 String[][] strings) throws IOException {
        Map<String, String> interned = new HashMap<>();
        int width = wanted.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                int j = wanted[i];
                if (numeric[i]) {
                    double value = in.doubleAt(in.take(8));
                    if (j >= 0) {
                        numbers[j][r] = value;
                    }
                    continue;
                }
                int length = in.readInt();
                if (length < 0) {
                    continue;
                }
                if (j < 0) {
                    in.skip(length);
                    continue;
                }
                strings[j][r] = interned.computeIfAbsent(in.utf8(length), c -> c);
            }
        }
    }

    /**
     * The file's bytes through a buffer of its own, decoded in place (big-endian, as {@link DataOutputStream} wrote
     * them): a cell costs an index, not a stream call per byte.
     */
    private static final class Input {
        private final InputStream in;
        private byte[] buffer = new byte[1 << 16];
        private java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(buffer);
        private int position;
        private int limit;

        Input(InputStream in) {
            this.in = in;
        }

        /** Makes {@code n} bytes available and returns where they start; the caller then consumes them. */
        int take(int n) throws IOException {
            if (limit - position < n) {
                fill(n);
            }
            int at = position;
            position += n;
            return at;
        }

        private void fill(int n) throws IOException {
            int left = limit - position;
            if (n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(n, buffer.length * 2));
                view = java.nio.ByteBuffer.wrap(buffer);
            }
            System.arraycopy(buffer, position, buffer, 0, left);
            position = 0;
            limit = left;
            while (limit < n) {
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new java.io.EOFException("the table file ends before its last row");
                }
                limit += read;
            }
        }

        double doubleAt(int at) {
            return view.getDouble(at);
        }

        int readInt() throws IOException {
            return view.getInt(take(4));
        }

        long readLong() throws IOException {
            return view.getLong(take(8));
        }

        byte readByte() throws IOException {
            return buffer[take(1)];
        }

        byte[] bytes(int n) throws IOException {
            int at = take(n);
            return Arrays.copyOfRange(buffer, at, at + n);
        }

        String utf8(int n) throws IOException {
            int at = take(n);
            return new String(buffer, at, n, StandardCharsets.UTF_8);
        }

        /** A name as {@link DataOutputStream#writeUTF} wrote it (modified UTF-8 after its unsigned length). */
        String readUtf() throws IOException {
            int length = view.getShort(take(2)) & 0xffff;
            int at = take(length);
            var encoded = new java.io.ByteArrayOutputStream(length + 2);
            encoded.write(length >>> 8);
            encoded.write(length);
            encoded.write(buffer, at, length);
            return new DataInputStream(new java.io.ByteArrayInputStream(encoded.toByteArray())).readUTF();
        }

        void skip(int n) throws IOException {
            while (n > 0) {
                int step = Math.min(n, buffer.length);
                take(step);
                n -= step;
            }
        }

        boolean atEnd() throws IOException {
            return position == limit && in.read() == -1;
        }
    }
}
