package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.dataset.Table;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.kiln.feature.PreprocessingOptions.Encoding;
import dev.kiln.feature.PreprocessingOptions.Impute;
import dev.kiln.feature.PreprocessingOptions.Scale;
import org.junit.jupiter.api.Test;

/** Preprocessing options: each scaler, imputer, clipper and encoder fitted on the training rows only. */
class PreprocessingOptionsTest {
    private static final double NA = Double.NaN;
    private final Table table = new Table(7, List.of(
            new Table.NumericColumn("x", new double[] {1, 2, 2, 3, 100, NA, 50}),
            new Table.CategoricalColumn("c", new String[] {"b", "a", "b", null, "c", "b", "z"}),
            new Table.NumericColumn("y", new double[] {0, 1, 0, 1, 0, 1, 0})));
    private final int[] train = {0, 1, 2, 3, 4, 5};

    private FeaturePipeline fit(String json) {
        var options = dev.kiln.persistence.JsonColumn.mapper().readValue(json, PreprocessingOptions.class);
        return FeaturePipeline.fit(table, train, List.of("x", "c"), "y", List.of("0", "1"), options);
    }

    private static float[] encode(FeaturePipeline p, Table t, int... rows) {
        return p.encode(t, rows).features();
    }

    @Test
    void minMaxScalesTheTrainingRangeToZeroOne() {
        var p = fit("{\"numeric\": {\"scale\": \"minMax\"}, \"drop\": [\"c\"]}");

        assertThat(encode(p, table, 0, 4, 6)).containsExactly(0f, 1f, 49f / 99f);
    }

    @Test
    void imputesTheMedianOrAConstantInsteadOfTheMean() {
        var median = fit("{\"numeric\": {\"scale\": \"none\", \"impute\": \"median\"}, \"drop\": [\"c\"]}");
        var constant = fit("{\"columns\": {\"x\": {\"scale\": \"none\", \"impute\": \"constant\", \"fillValue\": \"-1\"}},"
                + " \"drop\": [\"c\"]}");

        assertThat(encode(median, table, 5)).containsExactly(2f);
        assertThat(encode(constant, table, 5)).containsExactly(-1f);
    }

    @Test
    void clipsOutliersByInterquartileRangeBeforeScaling() {
        var p = fit("{\"numeric\": {\"scale\": \"none\", \"outliers\": \"iqr\"}, \"drop\": [\"c\"]}");
        var x = (FeatureEncoder.Numeric) p.features().get(0);

        // training values 1, 2, 2, 3, 100: Q1 2, Q3 3, IQR 1 → [0.5, 4.5]
        assertThat(x.lower()).isEqualTo(0.5);
        assertThat(x.upper()).isEqualTo(4.5);
        assertThat(encode(p, table, 4, 6)).containsExactly(4.5f, 4.5f);
    }

    @Test
    void clipsByZScore() {
        var p = fit("{\"numeric\": {\"scale\": \"none\", \"outliers\": \"zscore\", \"threshold\": 1}, \"drop\": [\"c\"]}");
        var x = (FeatureEncoder.Numeric) p.features().get(0);
        double mean = (1 + 2 + 2 + 3 + 100) / 5.0;

        assertThat(x.upper()).isGreaterThan(mean).isLessThan(100);
        assertThat((double) encode(p, table, 4)[0]).isCloseTo(x.upper(), within(1e-4));
    }

    @Test
    void encodesCategoriesOrdinallyWithUnseenAsMinusOne() {
        var p = fit("{\"categorical\": {\"encode\": \"ordinal\"}, \"drop\": [\"x\"]}");

        assertThat(encode(p, table, 0, 1, 4, 6, 3)).containsExactly(1f, 0f, 2f, -1f, -1f);
    }

    @Test
    void imputesTheMostFrequentCategoryWhichOneHotThenEncodes() {
        var p = fit("{\"categorical\": {\"impute\": \"mostFrequent\"}, \"drop\": [\"x\"]}");

        assertThat(((FeatureEncoder.OneHot) p.features().get(0)).fill()).isEqualTo("b");
        assertThat(encode(p, table, 3)).containsExactly(0f, 1f, 0f);
    }

    @Test
    void perColumnSettingsOverrideTheTypeDefaults() {
        var options = new PreprocessingOptions(new PreprocessingOptions.Column(Scale.MIN_MAX, null, null, null, null,
                null), null, Map.of("x", new PreprocessingOptions.Column(Scale.NONE, null, null, null, null, null)), null);

        assertThat(options.settingsFor("x", true).scale()).isEqualTo(Scale.NONE);
        assertThat(options.settingsFor("other", true).scale()).isEqualTo(Scale.MIN_MAX);
        assertThat(options.settingsFor("other", true).impute()).isEqualTo(Impute.MEAN);
    }

    @Test
    void refusesSettingsThatDoNotFitTheColumn() {
        var options = new PreprocessingOptions(null, null, Map.of(
                "c", new PreprocessingOptions.Column(Scale.MIN_MAX, null, null, null, null, null),
                "x", new PreprocessingOptions.Column(null, null, Impute.CONSTANT, "abc", null, null),
                "nope", new PreprocessingOptions.Column(null, Encoding.ONE_HOT, null, null, null, null)), List.of("y"));
        List<Violation> violations = new ArrayList<>();

        PreprocessingCheck.check(options, Map.of("x", true, "c", false, "y", true), "y", violations);

        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder("preprocessing.columns.c.scale",
                "preprocessing.columns.x.fillValue", "preprocessing.columns.nope", "preprocessing.drop[0]");
    }
}
