package dev.kiln.domain;

import java.text.Normalizer;

/**
 * Names people give things (datasets, models, projects, keys, layers) and file names uploads carry, made safe to
 * store and show: Unicode NFC, without control or format characters (NUL, line breaks, bidirectional overrides,
 * zero-width characters), surrounding space trimmed, runs of spaces collapsed; a file name keeps its base name only.
 * A name left empty or longer than its limit is refused, naming the field.
 */
public final class Names {
    private Names() {}

    /** {@code raw} cleaned; 422 naming {@code field} when nothing is left or it is longer than {@code max}. */
    public static String clean(String raw, int max, String field) {
        String cleaned = strip(raw);
        if (cleaned.isEmpty()) {
            throw new InvalidRequest(field, "must contain visible characters");
        }
        if (cleaned.codePointCount(0, cleaned.length()) > max) {
            throw new InvalidRequest(field, "must be at most " + max + " characters");
        }
        return cleaned;
    }

    /** The base name of an uploaded file's name (no directories), cleaned and cut to {@code max}; null for none. */
    public static String fileName(String raw, int max) {
        if (raw == null) {
            return null;
        }
        String base = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        String cleaned = strip(base);
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            return null;
        }
        return cleaned.codePointCount(0, cleaned.length()) <= max ? cleaned
                : cleaned.substring(0, cleaned.offsetByCodePoints(0, max));
    }

    private static String strip(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(raw.length());
        Normalizer.normalize(raw, Normalizer.Form.NFC).codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                kept.append(' ');
            } else if (type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                    && type != Character.PRIVATE_USE && type != Character.UNASSIGNED) {
                kept.appendCodePoint(c);
            }
        });
        return kept.toString().strip().replaceAll(" {2,}", " ");
    }
}
