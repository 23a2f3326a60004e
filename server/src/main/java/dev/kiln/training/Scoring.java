package dev.kiln.training;

import dev.kiln.metrics.Evaluation;
import dev.kiln.metrics.MetricReport;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.run.Task;
import java.util.List;
import java.util.Map;

/**
 * A run's metrics from its network's raw outputs: logits become probabilities (sigmoid for one output, softmax
 * for several), a regression's standardised outputs and targets are scaled back to original units.
 */
public final class Scoring {
    private Scoring() {}

    /**
     * @param outputs row-major logits (or standardised predictions), {@code width} per row
     * @param targets class indices, or standardised targets
     */
    public static Map<String, Double> score(List<MetricSpec> metrics, Task task, float[] outputs, int width,
                                            float[] targets, double targetScale) {
        if (task.isClassification()) {
            return MetricReport.classification(metrics, classes(targets), probabilities(outputs, width));
        }
        double[] truth = new double[targets.length];
        double[] predicted = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            truth[i] = targets[i] * targetScale;
            predicted[i] = outputs[i] * targetScale;
        }
        return MetricReport.regression(metrics, truth, predicted);
    }

    public static Evaluation evaluate(float[] outputs, int width, float[] targets, List<String> labels) {
        return MetricReport.evaluation(classes(targets), probabilities(outputs, width), labels);
    }

    /** Logits as probabilities: one column (binary: P(class 1)) or a softmax per row. */
    public static double[][] probabilities(float[] logits, int width) {
        int rows = logits.length / width;
        double[][] probabilities = new double[rows][width];
        for (int r = 0; r < rows; r++) {
            if (width == 1) {
                probabilities[r][0] = 1 / (1 + Math.exp(-logits[r]));
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                max = Math.max(max, logits[r * width + c]);
            }
            double sum = 0;
            for (int c = 0; c < width; c++) {
                probabilities[r][c] = Math.exp(logits[r * width + c] - max);
                sum += probabilities[r][c];
            }
            for (int c = 0; c < width; c++) {
                probabilities[r][c] /= sum;
            }
        }
        return probabilities;
    }

    private static int[] classes(float[] targets) {
        int[] classes = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            classes[i] = (int) targets[i];
        }
        return classes;
    }
}
