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

    private Tokens() {}

    public static List<String> split(String cell, boolean lower, boolean stripPunctuation, boolean characters) {
        if (cell == null) {
            return List.of();
        }
        String text = Normalizer.normalize(cell, Normalizer.Form.NFC);
        if (lower) {
            text = text.toLowerCase(Locale.ROOT);
        }
        if (stripPunctuation) {
            StringBuilder kept = new StringBuilder(text.length());
            text.codePoints().filter(c -> c > 127 || PUNCTUATION.indexOf(c) < 0).forEach(kept::appendCodePoint);
            text = kept.toString();
        }
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
