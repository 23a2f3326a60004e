package dev.kiln.inference;

import dev.kiln.dataset.Table;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows sent as JSON objects, typed as the model asks ({@link DatasetRequirements}, the same requirements datasets
 * are checked against): numbers for numeric features (or text in plain decimal notation), text for categorical
 * ones (numbers and booleans are taken as their text). A feature that is absent or null is missing and is imputed as
 * the preprocessing says; other keys are ignored. A value of the wrong type is refused, naming the row and the column.
 */
final class RowTable {
    private RowTable() {}

    static Table of(List<Map<String, Object>> rows, TrainedModel model) {
        List<Violation> violations = new ArrayList<>();
        List<Table.Column> columns = new ArrayList<>();
        for (DatasetRequirements.Column required : DatasetRequirements.of(model.pipeline()).columns()) {
            String name = required.name();
            if (required.kind() == DatasetRequirements.Kind.NUMERIC) {
                double[] values = new double[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = number(rows.get(r).get(name), r, name, violations);
                }
                columns.add(new Table.NumericColumn(name, values));
            } else {
                String[] values = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = text(rows.get(r).get(name), r, name, violations);
                }
                columns.add(new Table.CategoricalColumn(name, values));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations.size() > 50 ? violations.subList(0, 50) : violations);
        }
        return new Table(rows.size(), columns);
    }

    private static double number(Object value, int row, String column, List<Violation> violations) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            if (s.isBlank() || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("null")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        violations.add(new Violation("rows[" + row + "]." + column, "expected a number, got " + describe(value)));
        return Double.NaN;
    }

    private static String text(Object value, int row, String column, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return Table.label(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        violations.add(new Violation("rows[" + row + "]." + column, "expected a category (text), got "
                + describe(value)));
        return null;
    }

    private static String describe(Object value) {
        return value instanceof Map ? "an object" : value instanceof List ? "an array" : "'" + value + "'";
    }
}
