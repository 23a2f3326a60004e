package dev.kiln.metrics;

import java.util.List;

/**
 * A classifier's evaluation on one dataset: the confusion matrix (row: true class, column: predicted class, in
 * the order of {@code labels}) and each class's precision, recall, F1 and support.
 */
public record Evaluation(List<String> labels, long[][] confusionMatrix, List<ClassScores> perClass) {
    public record ClassScores(String label, double precision, double recall, double f1, long support) {}
}
