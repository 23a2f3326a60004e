package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.dataset.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturePipelineTest {
    private static final double NA = Double.NaN;

    private final Table table = new Table(5, List.of(
            new Table.NumericColumn("x", new double[] {1, 3, NA, 100, 5}),
            new Table.CategoricalColumn("color", new String[] {"red", "blue", null, "red", "green"}),
            new Table.NumericColumn("y", new double[] {0, 1, 1, 0, NA})));

    @Test
    void fitsStandardisationOnTheTrainingRowsOnly() {
        var pipeline = FeaturePipeline.fit(table, new int[] {0, 1, 2}, List.of("x"), "y", List.of("0", "1"));
        var x = (FeatureEncoder.Numeric) pipeline.features().get(0);

        assertThat(x.center()).isEqualTo(2.0);
        assertThat(x.divisor()).isEqualTo(1.0);
        EncodedRows rows = pipeline.encode(table, new int[] {0, 2, 3});
        assertThat(rows.features()).containsExactly(-1f, 0f, 98f);
    }

    @Test
    void oneHotEncodesTrainingCategoriesAndLeavesMissingAndUnseenAsZeros() {
        var pipeline = FeaturePipeline.fit(table, new int[] {0, 1, 2, 3}, List.of("color"), "y", List.of("0", "1"));

        assertThat(((FeatureEncoder.OneHot) pipeline.features().get(0)).categories()).containsExactly("blue", "red");
        EncodedRows rows = pipeline.encode(table, new int[] {0, 1, 2, 4});
        assertThat(rows.width()).isEqualTo(2);
        assertThat(rows.features()).containsExactly(0, 1, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void encodesNumericClassLabelsByTheirIndex() {
        var pipeline = FeaturePipeline.fit(table, new int[] {0, 1}, List.of("x"), "y", List.of("0", "1"));

        assertThat(pipeline.rowsWithTarget(table)).containsExactly(0, 1, 2, 3);
        assertThat(pipeline.encode(table, new int[] {0, 1, 2}).targets()).containsExactly(0f, 1f, 1f);
    }

    @Test
    void standardisesARegressionTargetWithTrainingStatistics() {
        var pipeline = FeaturePipeline.fit(table, new int[] {0, 1}, List.of("color"), "x", null);
        var target = (TargetEncoder.Standardized) pipeline.target();

        assertThat(target.mean()).isEqualTo(2.0);
        assertThat(target.std()).isEqualTo(1.0);
        assertThat(pipeline.encode(table, new int[] {4}).targets()[0]).isCloseTo(3f, within(1e-6f));
    }

    @Test
    void aConstantColumnKeepsUnitScale() {
        Table constant = new Table(2, List.of(new Table.NumericColumn("c", new double[] {7, 7}),
                new Table.NumericColumn("y", new double[] {0, 1})));

        var pipeline = FeaturePipeline.fit(constant, new int[] {0, 1}, List.of("c"), "y", List.of("0", "1"));

        assertThat(pipeline.encode(constant, new int[] {0, 1}).features()).containsExactly(0f, 0f);
    }

    @Test
    void labelsANumericClassColumnAsItsNumbersAreWrittenWhateverHowManyClassesItHolds() {
        List<String> labels = java.util.stream.IntStream.range(0, 12).mapToObj(String::valueOf).toList();
        double[] values = {11, 0, -0.0, 2.5, NA, 3, 7, 1, 4, 5, 6, 8, 9, 10, 11, 12, 0};
        var pipeline = new FeaturePipeline(null, List.of(), new TargetEncoder.Classes("y", labels));

        int[] classes = pipeline.classIndices(new Table(values.length, List.of(new Table.NumericColumn("y", values))));

        assertThat(classes).containsExactly(11, 0, 0, -1, -1, 3, 7, 1, 4, 5, 6, 8, 9, 10, 11, -1, 0);
    }
}
