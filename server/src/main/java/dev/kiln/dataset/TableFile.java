package dev.kiln.dataset;

import java.io.BufferedInputStream;
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
        var in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
            throw new IOException("not a Kiln table file (version 1)");
        }
        int rows = Math.toIntExact(in.readLong());
        int width = in.readInt();
        boolean[] numeric = new boolean[width];
        int[] wanted = new int[width];
        Arrays.fill(wanted, -1);
        List<String> header = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            header.add(in.readUTF());
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
        for (int i = 0; i < width; i++) {
            if (wanted[i] >= 0) {
                if (numeric[i]) {
                    numbers[wanted[i]] = new double[rows];
                } else {
                    strings[wanted[i]] = new String[rows];
                }
            }
        }
        Map<String, String> interned = new HashMap<>();
        byte[] buffer = new byte[256];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                int j = wanted[i];
                if (numeric[i]) {
                    double value = in.readDouble();
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
                    in.skipNBytes(length);
                    continue;
                }
                if (length > buffer.length) {
                    buffer = new byte[Math.max(length, buffer.length * 2)];
                }
                in.readFully(buffer, 0, length);
                String cell = new String(buffer, 0, length, StandardCharsets.UTF_8);
                strings[j][r] = interned.computeIfAbsent(cell, c -> c);
            }
        }
        // read to the end so that a verifying stream checks the file's sha256
        if (in.read() != -1) {
            throw new IOException("the table file is longer than its header says");
        }
        List<Table.Column> columns = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            columns.add(numbers[j] != null ? new Table.NumericColumn(names.get(j), numbers[j])
                    : new Table.CategoricalColumn(names.get(j), strings[j]));
        }
        return new Table(rows, columns);
    }
}
