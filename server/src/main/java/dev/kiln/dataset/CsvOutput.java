package dev.kiln.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every CSV Kiln writes (metrics, scored datasets, trials): RFC 4180 with Commons CSV, and text cells made safe
 * to open in a spreadsheet — a cell that begins with {@code = + - @}, a tab or a carriage return is prefixed with
 * {@code '} (OWASP's advice against formula injection). Numbers are written as numbers: a negative value is data,
 * not a formula.
 */
public final class CsvOutput implements AutoCloseable {
    private static final java.util.regex.Pattern PLAIN_NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final CSVPrinter printer;

    public CsvOutput(Writer out) {
        try {
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one record: text cells escaped, numbers as they are, null as an empty cell. */
    public void row(List<?> cells) {
        try {
            for (Object cell : cells) {
                printer.print(cell instanceof Number || cell == null ? cell : safe(cell.toString()));
            }
            printer.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text cell that a spreadsheet will not evaluate as a formula; a cell that is a plain number stays as it is. */
    public static String safe(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !PLAIN_NUMBER.matcher(text).matches() ? "'" + text : text;
    }

    /** Flushes what was written; the writer stays open (its owner closes it). */
    @Override
    public void close() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
