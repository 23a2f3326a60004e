package dev.kiln.dataset;

import java.util.Set;

/** How single CSV cells are read: which spellings mean "missing", and which text is a number. */
final class CellValues {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");

    private CellValues() {}

    static boolean isMissing(String cell) {
        return cell == null || cell.length() <= 4 && MISSING.contains(cell.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The cell as a finite number, or NaN when it is not plain decimal notation ({@code 12}, {@code -0.5},
     * {@code 1e-3}). Stricter than {@link Double#parseDouble}, which also takes "1d", "0x1p3" or "Infinity".
     */
    static double parseNumber(String cell) {
        int n = cell.length();
        if (n == 0 || n > 64) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(cell);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A number as a label: integral values without a decimal point ("1", not "1.0"). */
    static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
