/**
 * Runs: the {@link Run} entity and its guarded lifecycle (QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED),
 * the resolved {@link Hyperparameters}, the status history and the per-epoch metrics, and every query over
 * them. Submissions are checked against the dataset and the model before they are queued. The entry point
 * is {@link RunHistory}; a queued run is announced with {@link RunSubmitted} for the training module.
 */
package dev.kiln.run;
