package dev.kiln.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a CSV file is written: UTF-8 (a byte-order mark is skipped) and one of three delimiters, detected from
 * the first lines — the candidate that splits the header and the lines after it into the same, largest
 * number of fields wins.
 */
record CsvDialect(char delimiter) {
    static final List<Character> CANDIDATES = List.of(',', ';', '\t');
    private static final int SAMPLE_LINES = 50;

    /** Opens {@code in} as UTF-8 text, skipping a byte-order mark; malformed bytes raise an error when read. */
    static Reader utf8(InputStream in) throws IOException {
        var buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(3);
        byte[] bom = buffered.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xff) == 0xef && (bom[1] & 0xff) == 0xbb && (bom[2] & 0xff) == 0xbf)) {
            buffered.reset();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(buffered, decoder);
    }

    /** Detects the delimiter from the beginning of {@code sample} (already decoded text). */
    static CsvDialect detect(String sample) {
        String[] lines = sample.split("\r\n|\n|\r", SAMPLE_LINES + 1);
        int usable = Math.max(1, Math.min(lines.length - (lines.length > SAMPLE_LINES ? 1 : 0), SAMPLE_LINES));
        char best = ',';
        long bestScore = -1;
        for (char candidate : CANDIDATES) {
            int headerCount = count(lines[0], candidate);
            if (headerCount == 0) {
                continue;
            }
            int consistent = 0;
            for (int i = 1; i < usable; i++) {
                if (!lines[i].isBlank() && count(lines[i], candidate) == headerCount) {
                    consistent++;
                }
            }
            long score = (long) consistent * 1000 + headerCount;
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return new CsvDialect(best);
    }

    /** Occurrences of {@code delimiter} outside double quotes. */
    private static int count(String line, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }

    String displayName() {
        return switch (delimiter) {
            case '\t' -> "tab";
            case ';' -> "semicolon";
            default -> "comma";
        };
    }
}
