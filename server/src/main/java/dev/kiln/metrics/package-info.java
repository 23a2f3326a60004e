/**
 * Evaluation metrics as Keras and scikit-learn define them — accuracy, precision, recall, F1 (macro, weighted,
 * micro), ROC AUC (binary, and one-vs-rest macro), top-k accuracy, MSE, MAE, RMSE, R² — and the confusion
 * matrix, computed from predictions in plain Java ({@link MetricReport}). Unit tests pin every value against
 * scikit-learn's. No DJL here.
 */
package dev.kiln.metrics;
