package dev.kiln.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF line ends). Unquoted fields are trimmed. Holds one record in memory, never the file.
 */
final class CsvRecordReader implements AutoCloseable {
    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private long recordLine;
    private int pushedBack = EOF;
    private final StringBuilder field = new StringBuilder();

    /** The most characters a field may have (1 Mi: a long document, far beyond any useful cell). */
    static final int MAX_FIELD = 1 << 20;

    CsvRecordReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line on which the last record returned by {@link #next()} started (1-based). */
    long recordLine() {
        return recordLine;
    }

    /** The next record, or {@code null} at the end of the input. Blank lines are skipped. */
    String[] next() throws IOException {
        List<String> fields = new ArrayList<>();
        int c = read();
        while (c == '\n' || c == '\r') {
            skipLineEnd(c);
            c = read();
        }
        if (c == EOF) {
            return null;
        }
        recordLine = line;
        while (true) {
            boolean quoted = false;
            field.setLength(0);
            while (c == ' ' || c == '\t' && delimiter != '\t') {
                c = read();
            }
            if (c == '"') {
                quoted = true;
                c = readQuoted();
            }
            while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                append(c);
                c = read();
            }
            fields.add(quoted ? field.toString() : field.toString().strip());
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c != EOF) {
                skipLineEnd(c);
            }
            return fields.toArray(String[]::new);
        }
    }

    /** Reads a quoted field's content into {@code field}; returns the first character after the closing quote. */
    private int readQuoted() throws IOException {
        long start = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new CsvFormatException("a quoted field that starts on line " + start + " is never closed");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    while (next == ' ') {
                        next = read();
                    }
                    return next;
                }
            }
            if (c == '\n') {
                line++;
            }
            append(c);
        }
    }

    /** A field is at most {@link #MAX_FIELD} characters: a longer one is refused rather than held. */
    private void append(int c) {
        if (field.length() >= MAX_FIELD) {
            throw new CsvFormatException("line " + recordLine + ": a field is longer than " + MAX_FIELD
                    + " characters, the most a cell may hold");
        }
        field.append((char) c);
    }

    /** Consumes the rest of a line end (the LF of a CRLF). */
    private void skipLineEnd(int c) throws IOException {
        line++;
        if (c == '\r') {
            int next = read();
            if (next != '\n' && next != EOF) {
                pushedBack = next;
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != EOF) {
            int c = pushedBack;
            pushedBack = EOF;
            return c;
        }
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        char c = buffer[position++];
        if (c == 0) {
            throw new CsvFormatException("the file contains NUL characters on line " + line
                    + "; it is binary, not CSV text");
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
