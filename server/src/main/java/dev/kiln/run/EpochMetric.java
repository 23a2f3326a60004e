package dev.kiln.run;

import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The metrics of one finished epoch. Appended once, never rewritten: (run, epoch) is the key. */
@Entity
@Table(name = "epoch_metrics")
@IdClass(EpochMetric.Key.class)
public class EpochMetric {
    @Id
    private UUID runId;
    @Id
    private int epoch;
    private long durationMs;
    private double samplesPerSecond;
    @Convert(converter = RunColumns.Metrics.class)
    private Map<String, Double> metrics;
    private Instant recordedAt;

    protected EpochMetric() {}

    EpochMetric(UUID runId, int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics,
                Instant recordedAt) {
        this.runId = runId;
        this.epoch = epoch;
        this.durationMs = durationMs;
        this.samplesPerSecond = samplesPerSecond;
        this.metrics = metrics;
        this.recordedAt = recordedAt;
    }

    public UUID getRunId() {
        return runId;
    }

    public int getEpoch() {
        return epoch;
    }

    public long getDurationMs() {
        return durationMs;
    }

    public double getSamplesPerSecond() {
        return samplesPerSecond;
    }

    public Map<String, Double> getMetrics() {
        return metrics;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    /** The composite key. */
    public static class Key implements Serializable {
        private UUID runId;
        private int epoch;

        protected Key() {}

        public Key(UUID runId, int epoch) {
            this.runId = runId;
            this.epoch = epoch;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.epoch == epoch && java.util.Objects.equals(k.runId, runId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(runId, epoch);
        }
    }
}
