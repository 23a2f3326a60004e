package dev.kiln.dataset;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of a dataset held column by column, as training reads them: numbers as doubles, categories as strings. A table
 * read from a dataset may be shared by several runs (the catalog caches them): its arrays are read, never written.
 */
public record Table(int rows, List<Column> columns) {

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no column " + name));
    }

    /** How a number is written as a class label: whole numbers without a decimal point ("1", not "1.0"). */
    public static String label(double value) {
        return CellValues.label(value);
    }

    /** One column's values. */
    public sealed interface Column permits NumericColumn, CategoricalColumn {
        String name();

        /** The values as labels — a number as {@link #label(double)} writes it — null where missing. */
        default String[] labels() {
            if (this instanceof CategoricalColumn c) {
                return c.values();
            }
            double[] values = ((NumericColumn) this).values();
            String[] labels = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                labels[i] = Double.isNaN(values[i]) ? null : label(values[i]);
            }
            return labels;
        }
    }

    /** Missing values are NaN. */
    public record NumericColumn(String name, double[] values) implements Column {}

    /** Missing values are null. */
    public record CategoricalColumn(String name, String[] values) implements Column {}
}
