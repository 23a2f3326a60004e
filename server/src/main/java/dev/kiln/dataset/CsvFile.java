package dev.kiln.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One pass over a CSV stream: the dialect is detected from the first 64 KiB, the header checked, and every
 * record handed on after its width is checked against the header. Errors name the line.
 */
final class CsvFile {
    private static final int SAMPLE_CHARS = 1 << 16;

    private CsvFile() {}

    /** What a pass found: the dialect, the header and the number of data rows. */
    record Shape(CsvDialect dialect, List<String> header, long rows) {}

    /** Reads {@code in} (UTF-8 CSV with a header), detecting the delimiter, and passes the header and each row on. */
    static Shape scan(InputStream in, Consumer<List<String>> header, Consumer<String[]> rows) throws IOException {
        return scan(in, null, Long.MAX_VALUE, header, rows);
    }

    /** Reads rows with a known dialect, stopping after {@code limit} rows. */
    static Shape scan(InputStream in, CsvDialect known, long limit, Consumer<String[]> rows) throws IOException {
        return scan(in, known, limit, header -> { }, rows);
    }

    /** Reads the header and every row with a known dialect. */
    static Shape scanAll(InputStream in, CsvDialect known, Consumer<List<String>> header, Consumer<String[]> rows)
            throws IOException {
        return scan(in, known, Long.MAX_VALUE, header, rows);
    }

    private static Shape scan(InputStream in, CsvDialect known, long limit, Consumer<List<String>> onHeader,
                              Consumer<String[]> rows) throws IOException {
        try (BufferedReader reader = new BufferedReader(CsvDialect.utf8(in), SAMPLE_CHARS)) {
            CsvDialect dialect = known != null ? known : detect(reader);
            var records = new CsvRecordReader(reader, dialect.delimiter());
            List<String> header = header(records.next(), dialect);
            onHeader.accept(header);
            long count = 0;
            String[] record;
            while (count < limit && (record = records.next()) != null) {
                if (record.length != header.size()) {
                    throw new CsvFormatException("line " + records.recordLine() + " has " + record.length
                            + " fields, the header has " + header.size() + " (delimiter: " + dialect.displayName() + ")");
                }
                count++;
                rows.accept(record);
            }
            if (count == 0) {
                throw new CsvFormatException("the file has a header but no data rows");
            }
            return new Shape(dialect, header, count);
        } catch (CharacterCodingException e) {
            throw new CsvFormatException("the file is not UTF-8 text; binary files and other encodings are refused");
        }
    }

    private static CsvDialect detect(Reader reader) throws IOException {
        reader.mark(SAMPLE_CHARS + 1);
        char[] sample = new char[SAMPLE_CHARS];
        int n = reader.read(sample);
        reader.reset();
        if (n <= 0 || new String(sample, 0, n).isBlank()) {
            throw new CsvFormatException("the file is empty");
        }
        return CsvDialect.detect(new String(sample, 0, n));
    }

    private static List<String> header(String[] names, CsvDialect dialect) {
        if (names == null) {
            throw new CsvFormatException("the file is empty");
        }
        Set<String> seen = new HashSet<>();
        int numbers = 0;
        List<String> header = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isEmpty()) {
                throw new CsvFormatException("column " + (i + 1) + " has no name in the header row");
            }
            if (!seen.add(name)) {
                throw new CsvFormatException("column name '" + name + "' appears twice in the header row");
            }
            if (!Double.isNaN(CellValues.parseNumber(name))) {
                numbers++;
            }
            header.add(name);
        }
        if (numbers == names.length) {
            throw new CsvFormatException("the first row holds only numbers, so it looks like data: a CSV file needs "
                    + "a header row that names the columns (delimiter: " + dialect.displayName() + ")");
        }
        return header;
    }
}
