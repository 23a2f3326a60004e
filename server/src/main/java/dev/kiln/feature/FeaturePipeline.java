package dev.kiln.feature;

import org.jspecify.annotations.Nullable;
import dev.kiln.dataset.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The fitted preprocessing of a run: the options it was fitted with, one encoder per feature column in order, and
 * the target's encoding. Fitted on training rows only; applying it to other rows never looks at their statistics.
 * An image run has no feature encoders: its {@code images} say the input's shape and pixel scaling instead.
 *
 * @param trainingMeans the mean of each encoded input over the training split (explanations start from it); null
 *     for image runs and for runs trained before Kiln kept it
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record FeaturePipeline(@Nullable PreprocessingOptions options, List<FeatureEncoder> features,
                              TargetEncoder target, @Nullable ImageInput images,
                              @Nullable InteractionCatalog interactions, float @Nullable [] trainingMeans) {

    public FeaturePipeline(@Nullable PreprocessingOptions options, List<FeatureEncoder> features, TargetEncoder target,
                           @Nullable ImageInput images, @Nullable InteractionCatalog interactions) {
        this(options, features, target, images, interactions, null);
    }

    public FeaturePipeline(PreprocessingOptions options, List<FeatureEncoder> features, TargetEncoder target) {
        this(options, features, target, null, null);
    }

    public FeaturePipeline(PreprocessingOptions options, List<FeatureEncoder> features, TargetEncoder target,
                           ImageInput images) {
        this(options, features, target, images, null);
    }

    /** A recommender run's pipeline with what it keeps to recommend. */
    public FeaturePipeline withInteractions(dev.kiln.feature.InteractionCatalog catalog) {
        return new FeaturePipeline(options, features, target, images, catalog, trainingMeans);
    }

    /** This pipeline keeping the mean of each encoded input over the training rows {@code train} (row-major). */
    public FeaturePipeline withTrainingMeans(EncodedRows train) {
        int width = width();
        double[] sums = new double[width];
        float[] x = train.features();
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0, at = r * width; c < width; c++) {
                sums[c] += x[at + c];
            }
        }
        float[] means = new float[width];
        for (int c = 0; c < width; c++) {
            means[c] = train.rows() == 0 ? 0f : (float) (sums[c] / train.rows());
        }
        return new FeaturePipeline(options, features, target, images, interactions, means);
    }

    /**
     * A recommender run's preprocessing: the user and item columns as ordinal ids fitted on the training rows (a
     * numeric id read as its label: 42.0 is "42"), other features as the options say; the target the rating,
     * standardised, or (ranking, which has no target values) the item column's raw score.
     */
    public static FeaturePipeline fitInteractions(Table table, int[] trainRows, List<String> featureNames, String user,
                                                  String item, @Nullable String rating, PreprocessingOptions options) {
        List<FeatureEncoder> encoders = new ArrayList<>(featureNames.size());
        for (String name : featureNames) {
            if (name.equals(user) || name.equals(item)) {
                Table.Column column = table.column(name);
                encoders.add(ColumnFitting.categorical(name, column.labels(), trainRows,
                        new PreprocessingOptions.Column(null, PreprocessingOptions.Encoding.ORDINAL,
                                PreprocessingOptions.Impute.NONE, null, null, null)));
            } else if (!options.dropped().contains(name)) {
                encoders.add(encoder(table, trainRows, name, options));
            }
        }
        TargetEncoder target = rating == null ? new TargetEncoder.Standardized(item, 0, 1) : standardized(table,
                trainRows, rating);
        return new FeaturePipeline(options, List.copyOf(encoders), target);
    }

    /** An image run's preprocessing: the class labels as target, the pixels as the input. */
    public static FeaturePipeline forImages(PreprocessingOptions options, String target, List<String> classes,
                                            ImageInput images) {
        return new FeaturePipeline(options, List.of(), new TargetEncoder.Classes(target, List.copyOf(classes)), images);
    }

    /** Fits the default preprocessing (see {@link #fit(Table, int[], List, String, List, PreprocessingOptions)}). */
    public static FeaturePipeline fit(Table table, int[] trainRows, List<String> featureNames, String targetName,
                                      List<String> classLabels) {
        return fit(table, trainRows, featureNames, targetName, classLabels, PreprocessingOptions.defaults());
    }

    /**
     * Fits the preprocessing the options ask for (by default: numeric columns standardised with the training mean
     * imputed, categorical columns one-hot encoded) on the training rows; the target as {@code classLabels}
     * (classification) or standardised (null labels). Dropped columns are left out.
     */
    public static FeaturePipeline fit(Table table, int[] trainRows, List<String> featureNames, String targetName,
                                      List<String> classLabels, PreprocessingOptions options) {
        List<FeatureEncoder> encoders = new ArrayList<>(featureNames.size());
        for (String name : featureNames) {
            if (!options.dropped().contains(name)) {
                encoders.add(encoder(table, trainRows, name, options));
            }
        }
        TargetEncoder target = classLabels != null ? new TargetEncoder.Classes(targetName, List.copyOf(classLabels))
                : standardized(table, trainRows, targetName);
        return new FeaturePipeline(options, List.copyOf(encoders), target);
    }

    private static FeatureEncoder encoder(Table table, int[] trainRows, String name, PreprocessingOptions options) {
        Table.Column column = table.column(name);
        boolean numeric = column instanceof Table.NumericColumn;
        var settings = options.settingsFor(name, numeric);
        if (numeric) {
            return ColumnFitting.numeric(name, ((Table.NumericColumn) column).values(), trainRows, settings);
        }
        String[] values = ((Table.CategoricalColumn) column).values();
        return settings.encode() == PreprocessingOptions.Encoding.TEXT ? ColumnFitting.text(name, values, trainRows,
                settings) : ColumnFitting.categorical(name, values, trainRows, settings);
    }

    private static TargetEncoder.Standardized standardized(Table table, int[] trainRows, String targetName) {
        var scaled = ColumnFitting.numeric(targetName, ((Table.NumericColumn) table.column(targetName)).values(),
                trainRows, PreprocessingOptions.Column.numericDefaults());
        return new TargetEncoder.Standardized(targetName, scaled.center(), scaled.divisor());
    }

    /** Inputs the network sees per row. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int width() {
        return images != null ? images.size() : features.stream().mapToInt(FeatureEncoder::width).sum();
    }

    /** The network's input per sample: (features) for a table, (channels, height, width) for images. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int[] inputShape() {
        return images != null ? images.shape() : new int[] {width()};
    }

    /** What the network reads per sample, with where each column's encoding lies (none for images). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public dev.kiln.model.InputLayout layout() {
        if (images != null) {
            return dev.kiln.model.InputLayout.of(images.shape());
        }
        List<dev.kiln.model.InputLayout.Column> columns = new ArrayList<>();
        int offset = 0;
        for (FeatureEncoder encoder : features) {
            columns.add(column(encoder, offset));
            offset += encoder.width();
        }
        return new dev.kiln.model.InputLayout(inputShape(), columns);
    }

    /** Where an encoder's values lie, and the ids an embedding reads from them (ordinal ids shift by one). */
    private static dev.kiln.model.InputLayout.Column column(FeatureEncoder encoder, int offset) {
        if (encoder instanceof FeatureEncoder.Ordinal o) {
            return new dev.kiln.model.InputLayout.Column(o.column(), offset, 1, o.categories().size() + 1, 1);
        }
        if (encoder instanceof FeatureEncoder.Text t && t.options().outputMode() == TextOptions.OutputMode.INT) {
            return new dev.kiln.model.InputLayout.Column(t.column(), offset, t.width(), t.ids(), 0);
        }
        return new dev.kiln.model.InputLayout.Column(encoder.column(), offset, encoder.width(), 0, 0);
    }

    /** The categories of an ordinal feature column, in the order of their ids (0 … n − 1). */
    public List<String> categoriesOf(String column) {
        return features.stream().filter(f -> f.column().equals(column) && f instanceof FeatureEncoder.Ordinal)
                .map(f -> ((FeatureEncoder.Ordinal) f).categories()).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("no ordinal feature '" + column + "'"));
    }

    /** This pipeline as a run shows it: text vocabularies cut to their first tokens, without the training means. */
    public FeaturePipeline summarized() {
        if (features.stream().noneMatch(f -> f instanceof FeatureEncoder.Text) && interactions == null
                && trainingMeans == null) {
            return this;
        }
        return new FeaturePipeline(options, features.stream().map(f -> f instanceof FeatureEncoder.Text t
                ? (FeatureEncoder) t.summarized(20) : f).toList(), target, images,
                interactions == null ? null : interactions.summarized(), null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
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
        if (column instanceof Table.NumericColumn numeric) {
            double[] values = numeric.values();
            var labelled = new NumberClasses(index);
            for (int r = 0; r < classes.length; r++) {
                classes[r] = Double.isNaN(values[r]) ? -1 : labelled.of(values[r]);
            }
            return classes;
        }
        String[] values = ((Table.CategoricalColumn) column).values();
        for (int r = 0; r < classes.length; r++) {
            classes[r] = values[r] == null ? -1 : index.getOrDefault(values[r], -1);
        }
        return classes;
    }

    /** Encodes the given rows of {@code table}: features row-major, targets one per row. */
    public EncodedRows encode(Table table, int[] rows) {
        return new EncodedRows(encodeFeatures(table, rows), targets(table, rows), rows.length, width());
    }

    /** Encodes the features of the given rows, row-major (the table needs no target column). */
    public float[] encodeFeatures(Table table, int[] rows) {
        int width = width();
        float[] x = new float[rows.length * width];
        int offset = 0;
        for (FeatureEncoder encoder : features) {
            writeColumn(encoder, table.column(encoder.column()), rows, x, width, offset);
            offset += encoder.width();
        }
        return x;
    }

    private static void writeColumn(FeatureEncoder encoder, Table.Column column, int[] rows, float[] x, int width,
                                    int offset) {
        if (encoder instanceof FeatureEncoder.Numeric n) {
            double[] values = ((Table.NumericColumn) column).values();
            for (int i = 0; i < rows.length; i++) {
                x[i * width + offset] = n.encode(values[rows[i]]);
            }
            return;
        }
        if (encoder instanceof FeatureEncoder.Text text) {
            TextVectorizer vectorizer = text.vectorizer();
            String[] cells = column.labels();
            for (int i = 0; i < rows.length; i++) {
                vectorizer.encode(cells[rows[i]], x, i * width + offset);
            }
            return;
        }
        List<String> categories = encoder instanceof FeatureEncoder.OneHot h ? h.categories()
                : ((FeatureEncoder.Ordinal) encoder).categories();
        String fill = encoder instanceof FeatureEncoder.OneHot h ? h.fill() : ((FeatureEncoder.Ordinal) encoder).fill();
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < categories.size(); c++) {
            index.put(categories.get(c), c);
        }
        String[] values = column.labels();
        boolean oneHot = encoder instanceof FeatureEncoder.OneHot;
        for (int i = 0; i < rows.length; i++) {
            String value = values[rows[i]] == null ? fill : values[rows[i]];
            Integer c = value == null ? null : index.get(value);
            if (oneHot) {
                if (c != null) {
                    x[i * width + offset + c] = 1f;
                }
            } else {
                x[i * width + offset] = c == null ? -1f : c;
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

    /**
     * The class of each number in a numeric class column, which holds few distinct numbers: each is written as a
     * label once, the first few then found by a scan rather than a boxed lookup per row.
     */
    private static final class NumberClasses {
        private static final int SCANNED = 8;
        private final Map<String, Integer> index;
        private final long[] bits = new long[SCANNED];
        private final int[] classes = new int[SCANNED];
        private final Map<Long, Integer> more = new HashMap<>();
        private int known;

        NumberClasses(Map<String, Integer> index) {
            this.index = index;
        }

        int of(double value) {
            long key = Double.doubleToRawLongBits(value);
            for (int i = 0; i < known; i++) {
                if (bits[i] == key) {
                    return classes[i];
                }
            }
            if (known < SCANNED) {
                bits[known] = key;
                classes[known] = index.getOrDefault(Table.label(value), -1);
                return classes[known++];
            }
            return more.computeIfAbsent(key, k -> index.getOrDefault(Table.label(value), -1));
        }
    }
}
