package dev.kiln.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a run's requested metrics from predictions. Classification takes class probabilities (one column per
 * class; a binary model's single column is the probability of class 1); the predicted class is the most
 * probable. A metric that is undefined on the data (ROC AUC with one class present) is left out.
 */
public final class MetricReport {
    private MetricReport() {}

    public static Map<String, Double> classification(List<MetricSpec> specs, int[] truth, double[][] probabilities) {
        double[][] full = probabilities[0].length == 1 ? binary(probabilities) : probabilities;
        int classes = full[0].length;
        int[] predicted = argmax(full);
        long[][] confusion = ClassificationMetrics.confusion(truth, predicted, classes);
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricSpec spec : specs) {
            double value = switch (spec.name()) {
                case "accuracy" -> ClassificationMetrics.accuracy(truth, predicted);
                case "precision" -> ClassificationMetrics.precision(confusion, spec.averaging());
                case "recall" -> ClassificationMetrics.recall(confusion, spec.averaging());
                case "f1" -> ClassificationMetrics.f1(confusion, spec.averaging());
                case "auc" -> classes == 2 ? ClassificationMetrics.auc(truth, column(full, 1))
                        : ClassificationMetrics.aucOneVsRest(truth, full);
                case "topKAccuracy" -> ClassificationMetrics.topK(truth, full, spec.topK());
                default -> throw new IllegalArgumentException("not a classification metric: " + spec.name());
            };
            if (!Double.isNaN(value)) {
                values.put(spec.key(), value);
            }
        }
        return values;
    }

    public static Map<String, Double> regression(List<MetricSpec> specs, double[] truth, double[] predicted) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricSpec spec : specs) {
            values.put(spec.key(), switch (spec.name()) {
                case "mse" -> RegressionMetrics.mse(truth, predicted);
                case "mae" -> RegressionMetrics.mae(truth, predicted);
                case "rmse" -> RegressionMetrics.rmse(truth, predicted);
                case "r2" -> RegressionMetrics.r2(truth, predicted);
                default -> throw new IllegalArgumentException("not a regression metric: " + spec.name());
            });
        }
        return values;
    }

    /** The confusion matrix (rows: true class, columns: predicted) and per-class precision, recall, F1, support. */
    public static Evaluation evaluation(int[] truth, double[][] probabilities, List<String> labels) {
        double[][] full = probabilities[0].length == 1 ? binary(probabilities) : probabilities;
        long[][] confusion = ClassificationMetrics.confusion(truth, argmax(full), full[0].length);
        var perClass = ClassificationMetrics.PerClass.of(confusion);
        List<Evaluation.ClassScores> scores = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            scores.add(new Evaluation.ClassScores(labels.get(c), perClass.precision()[c], perClass.recall()[c],
                    perClass.f1()[c], perClass.support()[c]));
        }
        return new Evaluation(labels, confusion, scores);
    }

    private static double[][] binary(double[][] positive) {
        double[][] full = new double[positive.length][2];
        for (int i = 0; i < positive.length; i++) {
            full[i][0] = 1 - positive[i][0];
            full[i][1] = positive[i][0];
        }
        return full;
    }

    private static int[] argmax(double[][] probabilities) {
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    private static double[] column(double[][] matrix, int c) {
        double[] values = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            values[i] = matrix[i][c];
        }
        return values;
    }
}
