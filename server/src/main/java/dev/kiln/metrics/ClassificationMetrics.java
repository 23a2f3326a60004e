package dev.kiln.metrics;

import java.util.Arrays;

/**
 * Classification metrics with scikit-learn's definitions: labels are class indices; binary scores are the
 * probability of class 1 (the positive class). Precision, recall and F1 count 0 where they divide by zero
 * ({@code zero_division=0}); ROC AUC counts ties as halves (the area under the trapezoidal ROC curve) and is NaN
 * when only one class is present.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    public static double accuracy(int[] truth, int[] predicted) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }
        return (double) correct / truth.length;
    }

    public static long[][] confusion(int[] truth, int[] predicted, int classes) {
        long[][] matrix = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            matrix[truth[i]][predicted[i]]++;
        }
        return matrix;
    }

    /** Per class: precision, recall, F1 and support, from a confusion matrix (rows true, columns predicted). */
    public record PerClass(double[] precision, double[] recall, double[] f1, long[] support) {
        public static PerClass of(long[][] confusion) {
            int k = confusion.length;
            double[] precision = new double[k];
            double[] recall = new double[k];
            double[] f1 = new double[k];
            long[] support = new long[k];
            for (int c = 0; c < k; c++) {
                long truePositive = confusion[c][c];
                long predicted = 0;
                for (long[] row : confusion) {
                    predicted += row[c];
                }
                support[c] = Arrays.stream(confusion[c]).sum();
                precision[c] = ratio(truePositive, predicted);
                recall[c] = ratio(truePositive, support[c]);
                f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            }
            return new PerClass(precision, recall, f1, support);
        }
    }

    /** Binary: of class 1. More classes: averaged as asked. */
    public static double precision(long[][] confusion, MetricSpec.Average average) {
        return averaged(confusion, average, PerClass.of(confusion).precision(), Kind.PRECISION);
    }

    public static double recall(long[][] confusion, MetricSpec.Average average) {
        return averaged(confusion, average, PerClass.of(confusion).recall(), Kind.RECALL);
    }

    public static double f1(long[][] confusion, MetricSpec.Average average) {
        return averaged(confusion, average, PerClass.of(confusion).f1(), Kind.F1);
    }

    private enum Kind { PRECISION, RECALL, F1 }

    private static double averaged(long[][] confusion, MetricSpec.Average average, double[] perClass, Kind kind) {
        if (confusion.length == 2) {
            return perClass[1];
        }
        long[] support = PerClass.of(confusion).support();
        return switch (average) {
            case MACRO -> macro(confusion, perClass);
            case WEIGHTED -> {
                long total = Arrays.stream(support).sum();
                double sum = 0;
                for (int c = 0; c < perClass.length; c++) {
                    sum += perClass[c] * support[c];
                }
                yield total == 0 ? 0 : sum / total;
            }
            case MICRO -> micro(confusion, kind);
        };
    }

    /** The plain mean over the classes that occur in the truth or the predictions (as scikit-learn's labels). */
    private static double macro(long[][] confusion, double[] perClass) {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < perClass.length; c++) {
            long predicted = 0;
            for (long[] row : confusion) {
                predicted += row[c];
            }
            if (predicted > 0 || Arrays.stream(confusion[c]).sum() > 0) {
                sum += perClass[c];
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Micro averages pool every decision: with one label per row, precision = recall = F1 = accuracy. */
    private static double micro(long[][] confusion, Kind kind) {
        long correct = 0;
        long total = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
            total += Arrays.stream(confusion[c]).sum();
        }
        return ratio(correct, total);
    }

    /** Binary ROC AUC: the Mann–Whitney statistic with average ranks for ties; NaN with a single class. */
    public static double auc(int[] truth, double[] scores) {
        int n = truth.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = rank;
            }
            i = j + 1;
        }
        long positives = Arrays.stream(truth).filter(t -> t == 1).count();
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (truth[i] == 1) {
                rankSum += ranks[i];
            }
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** One-vs-rest ROC AUC averaged over classes (macro); NaN when a class is absent from {@code truth}. */
    public static double aucOneVsRest(int[] truth, double[][] probabilities) {
        int classes = probabilities[0].length;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            int[] isClass = new int[truth.length];
            double[] score = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                isClass[i] = truth[i] == c ? 1 : 0;
                score[i] = probabilities[i][c];
            }
            double auc = auc(isClass, score);
            if (Double.isNaN(auc)) {
                return Double.NaN;
            }
            sum += auc;
        }
        return sum / classes;
    }

    /** The share of rows whose class is among the {@code k} most probable (ties broken by class order). */
    public static double topK(int[] truth, double[][] probabilities, int k) {
        int hits = 0;
        for (int i = 0; i < truth.length; i++) {
            double own = probabilities[i][truth[i]];
            int better = 0;
            for (int c = 0; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > own || probabilities[i][c] == own && c < truth[i]) {
                    better++;
                }
            }
            hits += better < k ? 1 : 0;
        }
        return (double) hits / truth.length;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
