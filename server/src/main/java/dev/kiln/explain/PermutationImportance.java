package dev.kiln.explain;

import dev.kiln.feature.DataSplit;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.inference.ModelRuntime;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.model.InputLayout;
import dev.kiln.run.Task;
import dev.kiln.training.Scoring;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Permutation importance (Breiman 2001; scikit-learn's {@code permutation_importance}): how much a metric drops when
 * one column's values are shuffled across the rows, breaking its link to the target while keeping its distribution.
 * Columns are the caller's: a one-hot group (or a text column's whole vector) moves as one. All repeats of a column go
 * to the network in one batch. A drop is positive when the column helped, whichever way the metric improves.
 */
public final class PermutationImportance {
    private PermutationImportance() {}

    /** The outcome: the metric on the unshuffled rows, and each column's drops, largest mean first. */
    @Schema(name = "ImportanceResult")
    public record Result(String metric, int rows, double baseline, List<ColumnImportance> columns) {}

    /** One column's importance: the mean and standard deviation (population) of its drops, and the drops. */
    @Schema(name = "ColumnImportance")
    public record ColumnImportance(String column, double mean, double std, double[] drops) {}

    static Result compute(ModelRuntime.LoadedNetwork network, FeaturePipeline pipeline, Task task,
                          EncodedRows encoded, MetricSpec metric, double targetScale, int repeats, long seed) {
        int n = encoded.rows();
        int width = encoded.width();
        float[] x = encoded.features();
        double baseline = score(network, pipeline, task, x, n, encoded.targets(), metric, targetScale, 1)[0];
        boolean rises = MetricSpec.rises(metric.key());
        InputLayout layout = pipeline.layout();
        Random random = new Random(seed);
        List<ColumnImportance> columns = new ArrayList<>();
        for (InputLayout.Column column : layout.columns()) {
            float[] shuffled = new float[repeats * n * width];
            for (int k = 0; k < repeats; k++) {
                int[] order = DataSplit.shuffledIndices(n, random);
                System.arraycopy(x, 0, shuffled, k * n * width, n * width);
                for (int r = 0; r < n; r++) {
                    System.arraycopy(x, order[r] * width + column.offset(), shuffled,
                            (k * n + r) * width + column.offset(), column.width());
                }
            }
            double[] scores = score(network, pipeline, task, shuffled, n, encoded.targets(), metric, targetScale,
                    repeats);
            double[] drops = new double[repeats];
            double sum = 0;
            for (int k = 0; k < repeats; k++) {
                drops[k] = rises ? baseline - scores[k] : scores[k] - baseline;
                sum += drops[k];
            }
            double mean = sum / repeats;
            double squares = 0;
            for (double d : drops) {
                squares += (d - mean) * (d - mean);
            }
            columns.add(new ColumnImportance(column.name(), mean, Math.sqrt(squares / repeats), drops));
        }
        columns.sort(Comparator.comparingDouble(ColumnImportance::mean).reversed());
        return new Result(metric.key(), n, baseline, columns);
    }

    /** The metric on each of {@code copies} consecutive copies of the rows, predicted in one batch. */
    private static double[] score(ModelRuntime.LoadedNetwork network, FeaturePipeline pipeline, Task task, float[] x,
                                  int rows, float[] targets, MetricSpec metric, double targetScale, int copies) {
        float[] outputs = network.predict(x, rows * copies);
        int width = outputs.length / (rows * copies);
        double[] scores = new double[copies];
        for (int k = 0; k < copies; k++) {
            float[] part = java.util.Arrays.copyOfRange(outputs, k * rows * width, (k + 1) * rows * width);
            scores[k] = Scoring.score(List.of(metric), task, part, width, targets, targetScale).get(metric.key());
        }
        return scores;
    }
}
