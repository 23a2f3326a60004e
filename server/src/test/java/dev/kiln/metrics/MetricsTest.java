package dev.kiln.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every metric against scikit-learn 1.2.1 on fixed predictions; the numbers come from
 * {@code src/test/python/sklearn_reference.py}, which holds the same inputs.
 */
class MetricsTest {
    private static final double EXACT = 1e-9;

    private static final int[] Y = {0, 0, 1, 1, 0, 1, 0, 1, 1, 0};
    private static final double[][] P = column(0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.65, 0.8, 0.2, 0.05);

    private static final int[] YC = {0, 1, 2, 2, 1, 0, 2, 1, 0, 2, 1, 1};
    private static final double[][] PC = {
            {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3},
            {0.5, 0.3, 0.2}, {0.6, 0.1, 0.3}, {0.1, 0.1, 0.8}, {0.2, 0.5, 0.3},
            {0.3, 0.3, 0.4}, {0.25, 0.45, 0.3}, {0.15, 0.45, 0.4}, {0.05, 0.9, 0.05}};

    private static double[][] column(double... values) {
        double[][] column = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            column[i][0] = values[i];
        }
        return column;
    }

    private static List<MetricSpec> specs(String... names) {
        return java.util.Arrays.stream(names).map(MetricSpec::named).toList();
    }

    @Test
    void binaryMetricsMatchScikitLearnWithTiedScores() {
        Map<String, Double> m = MetricReport.classification(specs("accuracy", "precision", "recall", "f1", "auc"), Y, P);

        assertThat(m.get("accuracy")).isCloseTo(0.7, within(EXACT));
        assertThat(m.get("precision")).isCloseTo(0.75, within(EXACT));
        assertThat(m.get("recall")).isCloseTo(0.6, within(EXACT));
        assertThat(m.get("f1")).isCloseTo(0.6666666666666665, within(EXACT));
        assertThat(m.get("auc")).isCloseTo(0.76, within(EXACT));
    }

    @Test
    void degenerateBinaryCasesMatchScikitLearn() {
        var constant = MetricReport.classification(specs("auc", "precision", "f1"), Y, column(new double[10]));
        var oneClass = MetricReport.classification(specs("auc", "accuracy"), new int[] {1, 1, 1}, column(0.2, 0.7, 0.9));

        assertThat(constant.get("auc")).isCloseTo(0.5, within(EXACT));
        assertThat(constant.get("precision")).isZero();
        assertThat(constant.get("f1")).isZero();
        assertThat(oneClass).as("ROC AUC is undefined with one class").doesNotContainKey("auc")
                .containsEntry("accuracy", 2.0 / 3);
    }

    @Test
    void multiclassMetricsMatchScikitLearnForEveryAverage() {
        var macro = MetricReport.classification(specs("accuracy", "precision", "recall", "f1", "auc"), YC, PC);
        var weighted = MetricReport.classification(List.of(MetricSpec.of("precision", null, "weighted"),
                MetricSpec.of("recall", null, "weighted"), MetricSpec.of("f1", null, "weighted")), YC, PC);
        var micro = MetricReport.classification(List.of(MetricSpec.of("precision", null, "micro"),
                MetricSpec.of("recall", null, "micro"), MetricSpec.of("f1", null, "micro")), YC, PC);
        var top2 = MetricReport.classification(List.of(MetricSpec.of("topKAccuracy", 2, null)), YC, PC);

        assertThat(macro.get("accuracy")).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(macro.get("precision")).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(macro.get("recall")).isCloseTo(0.6555555555555556, within(EXACT));
        assertThat(macro.get("f1")).isCloseTo(0.6551226551226551, within(EXACT));
        assertThat(macro.get("auc")).isCloseTo(0.8799933862433863, within(EXACT));
        assertThat(weighted.get("precision")).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(weighted.get("recall")).isCloseTo(0.6666666666666666, within(EXACT));
        assertThat(weighted.get("f1")).isCloseTo(0.6601731601731601, within(EXACT));
        assertThat(micro.values()).allSatisfy(v -> assertThat(v).isCloseTo(0.6666666666666666, within(EXACT)));
        assertThat(top2.get("topKAccuracy")).isCloseTo(0.9166666666666666, within(EXACT));
    }

    @Test
    void theConfusionMatrixAndPerClassScoresMatchScikitLearn() {
        Evaluation e = MetricReport.evaluation(YC, PC, List.of("a", "b", "c"));

        assertThat(e.confusionMatrix()).isEqualTo(new long[][] {{2, 0, 1}, {1, 4, 0}, {0, 2, 2}});
        assertThat(e.perClass()).extracting(Evaluation.ClassScores::recall)
                .containsExactly(0.6666666666666666, 0.8, 0.5);
        assertThat(e.perClass()).extracting(Evaluation.ClassScores::f1).satisfiesExactly(
                f -> assertThat(f).isCloseTo(0.6666666666666666, within(EXACT)),
                f -> assertThat(f).isCloseTo(0.7272727272727272, within(EXACT)),
                f -> assertThat(f).isCloseTo(0.5714285714285715, within(EXACT)));
        assertThat(e.perClass()).extracting(Evaluation.ClassScores::support).containsExactly(3L, 5L, 4L);
    }

    @Test
    void regressionMetricsMatchScikitLearnIncludingAConstantTruth() {
        double[] truth = {3.0, -0.5, 2.0, 7.0, 4.2};
        double[] predicted = {2.5, 0.0, 2.0, 8.0, 3.9};

        var m = MetricReport.regression(specs("mse", "mae", "rmse", "r2"), truth, predicted);

        assertThat(m.get("mse")).isCloseTo(0.318, within(EXACT));
        assertThat(m.get("mae")).isCloseTo(0.4600000000000001, within(EXACT));
        assertThat(m.get("rmse")).isCloseTo(0.5639148871948674, within(EXACT));
        assertThat(m.get("r2")).isCloseTo(0.9480256276150627, within(EXACT));
        assertThat(RegressionMetrics.r2(new double[] {2, 2, 2}, new double[] {2, 2.5, 1})).isZero();
        assertThat(RegressionMetrics.r2(new double[] {2, 2, 2}, new double[] {2, 2, 2})).isEqualTo(1);
    }

    @Test
    void refusesMetricsThatDoNotFitTheTask() {
        assertThat(MetricSpec.named("auc").problem(0)).contains("classification");
        assertThat(MetricSpec.named("r2").problem(3)).contains("regression");
        assertThat(MetricSpec.named("logloss").problem(3)).contains("unknown metric");
        assertThat(MetricSpec.of("topKAccuracy", 3, null).problem(3)).contains("k must be");
        assertThat(MetricSpec.of("f1", null, "harmonic").problem(3)).contains("unknown average");
        assertThat(MetricSpec.named("f1").problem(2)).isNull();
    }
}
