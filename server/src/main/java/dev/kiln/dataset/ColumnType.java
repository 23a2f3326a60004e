package dev.kiln.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A column is numeric when every present value is a decimal number; text when its values are mostly distinct
 * multi-word strings (free text: see {@code ColumnProfiler}); otherwise categorical.
 */
public enum ColumnType {
    NUMERIC, CATEGORICAL, TEXT;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
