package dev.kiln.feature;

import dev.kiln.dataset.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The fitted preprocessing of a run: one encoder per feature column, in order, and the target's encoding.
 * Fitted on training rows only; applying it to other rows never looks at their statistics.
 */
public record FeaturePipeline(List<FeatureEncoder> features, TargetEncoder target) {

    /**
     * Fits the default preprocessing: numeric columns standardised (missing → training mean), categorical
     * columns one-hot encoded; the target as {@code classLabels} (classification) or standardised (null labels).
     */
    public static FeaturePipeline fit(Table table, int[] trainRows, List<String> featureNames, String targetName,
                                      List<String> classLabels) {
        List<FeatureEncoder> encoders = new ArrayList<>(featureNames.size());
        for (String name : featureNames) {
            Table.Column column = table.column(name);
            encoders.add(column instanceof Table.NumericColumn numeric
                    ? standardize(name, numeric.values(), trainRows)
                    : oneHot(name, ((Table.CategoricalColumn) column).values(), trainRows));
        }
        TargetEncoder target;
        if (classLabels != null) {
            target = new TargetEncoder.Classes(targetName, List.copyOf(classLabels));
        } else {
            var s = standardize(targetName, ((Table.NumericColumn) table.column(targetName)).values(), trainRows);
            target = new TargetEncoder.Standardized(targetName, s.mean(), s.std());
        }
        return new FeaturePipeline(List.copyOf(encoders), target);
    }

    private static FeatureEncoder.Standardize standardize(String name, double[] values, int[] rows) {
        double sum = 0;
        long n = 0;
        for (int r : rows) {
            if (!Double.isNaN(values[r])) {
                sum += values[r];
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (int r : rows) {
            if (!Double.isNaN(values[r])) {
                squares += (values[r] - mean) * (values[r] - mean);
            }
        }
        double std = n == 0 ? 0 : Math.sqrt(squares / n);
        return new FeatureEncoder.Standardize(name, mean, std > 1e-12 ? std : 1.0);
    }

    private static FeatureEncoder.OneHot oneHot(String name, String[] values, int[] rows) {
        TreeSet<String> categories = new TreeSet<>();
        for (int r : rows) {
            if (values[r] != null) {
                categories.add(values[r]);
            }
        }
        return new FeatureEncoder.OneHot(name, List.copyOf(categories));
    }

    /** Inputs the network sees per row. */
    public int width() {
        return features.stream().mapToInt(FeatureEncoder::width).sum();
    }

    public boolean isClassification() {
        return target instanceof TargetEncoder.Classes;
    }

    /** Rows whose target is present (and, for classification, one of the known labels). */
    public int[] rowsWithTarget(Table table) {
        if (target instanceof TargetEncoder.Classes) {
            int[] classes = classIndices(table);
            return IntStream.range(0, table.rows()).filter(r -> classes[r] >= 0).toArray();
        }
        double[] values = ((Table.NumericColumn) table.column(target.column())).values();
        return IntStream.range(0, table.rows()).filter(r -> !Double.isNaN(values[r])).toArray();
    }

    /** The class index of every row of {@code table}; -1 where the label is missing or unknown. */
    public int[] classIndices(Table table) {
        List<String> labels = ((TargetEncoder.Classes) target).labels();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int[] classes = new int[table.rows()];
        Table.Column column = table.column(target.column());
        for (int r = 0; r < classes.length; r++) {
            String label;
            if (column instanceof Table.NumericColumn numeric) {
                double v = numeric.values()[r];
                label = Double.isNaN(v) ? null : Table.label(v);
            } else {
                label = ((Table.CategoricalColumn) column).values()[r];
            }
            classes[r] = label == null ? -1 : index.getOrDefault(label, -1);
        }
        return classes;
    }

    /** Encodes the given rows of {@code table}: features row-major, targets one per row. */
    public EncodedRows encode(Table table, int[] rows) {
        int width = width();
        float[] x = new float[rows.length * width];
        int offset = 0;
        for (FeatureEncoder encoder : features) {
            writeColumn(encoder, table.column(encoder.column()), rows, x, width, offset);
            offset += encoder.width();
        }
        return new EncodedRows(x, targets(table, rows), rows.length, width);
    }

    private static void writeColumn(FeatureEncoder encoder, Table.Column column, int[] rows, float[] x, int width,
                                    int offset) {
        if (encoder instanceof FeatureEncoder.Standardize s) {
            double[] values = ((Table.NumericColumn) column).values();
            for (int i = 0; i < rows.length; i++) {
                x[i * width + offset] = s.encode(values[rows[i]]);
            }
        } else if (encoder instanceof FeatureEncoder.OneHot h) {
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < h.categories().size(); c++) {
                index.put(h.categories().get(c), c);
            }
            String[] values = ((Table.CategoricalColumn) column).values();
            for (int i = 0; i < rows.length; i++) {
                Integer c = values[rows[i]] == null ? null : index.get(values[rows[i]]);
                if (c != null) {
                    x[i * width + offset + c] = 1f;
                }
            }
        }
    }

    private float[] targets(Table table, int[] rows) {
        float[] y = new float[rows.length];
        if (target instanceof TargetEncoder.Standardized s) {
            double[] values = ((Table.NumericColumn) table.column(s.column())).values();
            for (int i = 0; i < rows.length; i++) {
                y[i] = (float) ((values[rows[i]] - s.mean()) / s.std());
            }
        } else {
            int[] classes = classIndices(table);
            for (int i = 0; i < rows.length; i++) {
                y[i] = classes[rows[i]];
            }
        }
        return y;
    }
}
