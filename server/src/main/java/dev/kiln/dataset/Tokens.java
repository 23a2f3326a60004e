package dev.kiln.dataset;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splitting text into tokens as Keras's {@code TextVectorization} does: Unicode NFC first, then optionally lower case
 * and ASCII punctuation removed (Keras's {@code strip_punctuation} set), then split on whitespace or into characters
 * (code points, never inside one). The profile counts tokens this way; runs vectorize text this way.
 */
public final class Tokens {
    /** The characters Keras's {@code strip_punctuation} removes. */
    private static final String PUNCTUATION = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'";
    private static final boolean[] PUNCTUATION_CHARS = new boolean[128];

    static {
        PUNCTUATION.chars().forEach(c -> PUNCTUATION_CHARS[c] = true);
    }

    private Tokens() {}

    /**
     * NFC, then lower case and punctuation removed as asked. Text below U+0300 (Latin scripts without combining marks)
     * is already in NFC and is lower-cased and stripped in one pass over its chars, as String.toLowerCase would (the
     * one char whose lower case is two, İ, takes the general path).
     */
    static String standardized(String cell, boolean lower, boolean stripPunctuation) {
        boolean simple = true;
        for (int i = 0; i < cell.length() && simple; i++) {
            char c = cell.charAt(i);
            simple = c < '\u0300' && c != '\u0130'; // İ lower-cases to two chars
        }
        if (!simple) {
            String text = Normalizer.normalize(cell, Normalizer.Form.NFC);
            if (lower) {
                text = text.toLowerCase(Locale.ROOT);
            }
            if (stripPunctuation) {
                StringBuilder kept = new StringBuilder(text.length());
                text.codePoints().filter(c -> c > 127 || !PUNCTUATION_CHARS[c]).forEach(kept::appendCodePoint);
                text = kept.toString();
            }
            return text;
        }
        StringBuilder out = null;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            char kept = lower ? Character.toLowerCase(c) : c;
            boolean dropped = stripPunctuation && c < 128 && PUNCTUATION_CHARS[c];
            if (out == null && (dropped || kept != c)) {
                out = new StringBuilder(cell.length()).append(cell, 0, i);
            }
            if (out != null && !dropped) {
                out.append(kept);
            }
        }
        return out == null ? cell : out.toString();
    }

    public static List<String> split(String cell, boolean lower, boolean stripPunctuation, boolean characters) {
        if (cell == null) {
            return List.of();
        }
        String text = standardized(cell, lower, stripPunctuation);
        List<String> tokens = new ArrayList<>();
        if (characters) {
            text.codePoints().forEach(c -> tokens.add(new String(Character.toChars(c))));
            return tokens;
        }
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                if (start >= 0) {
                    tokens.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }
}
