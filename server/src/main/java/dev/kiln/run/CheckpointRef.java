package dev.kiln.run;

/**
 * Where a run's last checkpoint lives and what it holds: the blob and its sha256, the epochs completed, and the
 * batches completed of the next epoch (0 at an epoch boundary).
 */
public record CheckpointRef(String key, String sha256, int epoch, int batch) {}
