/**
 * Kiln's own meters, for Prometheus ({@code /actuator/prometheus}): runs started and finished, epochs, time in the
 * queue, checkpoint writes, predictions, the model cache, and gauges of what the database holds. Labels are bounded
 * — task, outcome, status, kind and the instance — never a run's or a dataset's id.
 */
package dev.kiln.telemetry;
