package dev.kiln.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/** A column is numeric when every present value is a decimal number; otherwise categorical. */
public enum ColumnType {
    NUMERIC, CATEGORICAL;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
