/**
 * Training: the queue (db-scheduler on the application's database), the worker that turns a QUEUED run
 * into a trained one, cancellation, and the {@link TrainingEngine} port that the {@code djl} module implements.
 * The entry point is {@link TrainingQueue}. Nothing here imports DJL, so the lifecycle is testable without
 * native code.
 */
package dev.kiln.training;
