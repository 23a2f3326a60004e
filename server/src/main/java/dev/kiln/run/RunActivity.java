package dev.kiln.run;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something that happened to a run, announced inside the transaction that records it (so that whoever keeps the
 * run's event log commits it together with the change): a status change, a finished epoch, a checkpoint, a log line.
 */
public sealed interface RunActivity {
    UUID runId();

    /** The run entered {@code status}; {@code reason} says why (for FAILED, the failure). */
    record StatusChanged(UUID runId, RunStatus status, Instant at, String instance, String reason)
            implements RunActivity {
    }

    /** An epoch finished with these metrics (the row {@code GET /runs/{id}/metrics} serves). */
    record EpochRecorded(UUID runId, int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics,
                         Instant at) implements RunActivity {
    }

    /** A checkpoint was stored: the latest one (to resume from), the best epoch's, or the final model. */
    record CheckpointRecorded(UUID runId, Kind kind, int epoch, int batch, String sha256) implements RunActivity {
        public enum Kind { LAST, BEST, MODEL }
    }

    /** A line of the run's log: what it did, a warning about its data. */
    record Logged(UUID runId, Level level, String message, Instant at) implements RunActivity {
        public enum Level { INFO, WARN, ERROR }
    }
}
