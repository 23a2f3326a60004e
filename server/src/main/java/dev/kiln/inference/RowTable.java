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
public final class RowTable {
    private RowTable() {}

    /** The rows as a table of the columns {@code pipeline} reads; 422 naming each row and column that does not fit. */
    public static Table of(List<Map<String, Object>> rows, dev.kiln.feature.FeaturePipeline pipeline) {
        List<Violation> violations = new ArrayList<>();
        List<DatasetRequirements.Column> requirements = DatasetRequirements.of(pipeline).columns();
        checkKeys(rows, requirements, violations);
        List<Table.Column> columns = new ArrayList<>();
        for (DatasetRequirements.Column required : requirements) {
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

    /**
     * Every key must be one of the model's columns (a misspelt column would otherwise be imputed silently), and a row
     * must carry at least one of them (a row of imputed values only is no prediction of anything).
     */
    private static void checkKeys(List<Map<String, Object>> rows, List<DatasetRequirements.Column> requirements,
                                  List<Violation> violations) {
        java.util.Set<String> known = new java.util.HashSet<>();
        requirements.forEach(c -> known.add(c.name()));
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> row = rows.get(r);
            if (row == null) {
                violations.add(new Violation("rows[" + r + "]", "a row must be an object of column: value"));
                continue;
            }
            List<String> unknown = row.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                violations.add(new Violation("rows[" + r + "]", "unknown column(s) " + String.join(", ",
                        unknown.size() > 10 ? unknown.subList(0, 10) : unknown) + "; the model reads "
                        + String.join(", ", requirements.size() > 20 ? requirements.subList(0, 20).stream()
                        .map(DatasetRequirements.Column::name).toList() : requirements.stream()
                        .map(DatasetRequirements.Column::name).toList())));
            } else if (row.values().stream().allMatch(v -> v == null)) {
                violations.add(new Violation("rows[" + r + "]", "the row has none of the model's columns; absent "
                        + "columns are imputed, but a row of imputed values only predicts nothing"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations.size() > 50 ? violations.subList(0, 50) : violations);
        }
    }

    private static double number(Object value, int row, String column, List<Violation> violations) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Number n) {
            if (!Double.isFinite(n.doubleValue())) {
                violations.add(new Violation("rows[" + row + "]." + column, "must be a finite number"));
            }
            return n.doubleValue();
        }
        if (value instanceof String s) {
            if (s.isBlank() || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("null")) {
                return Double.NaN;
            }
            try {
                double parsed = Double.parseDouble(s.strip());
                if (Double.isFinite(parsed)) {
                    return parsed;
                }
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
