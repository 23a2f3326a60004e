package dev.kiln.training;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** Receives a job's progress as it trains. Called on the training thread. */
public interface TrainingListener {
    /** Training is about to start on {@code device} with {@code threads} intra-op threads. */
    void started(String device, int threads);

    /**
     * An epoch finished; its metrics are final. When a checkpoint is due, {@code checkpoint} writes it; the
     * listener stores it and records it together with the epoch, before this method returns.
     */
    void epochEnded(EpochReport report, Optional<CheckpointWriter> checkpoint);

    /** Training stopped inside epoch {@code epoch + 1} after {@code batch} batches; {@code checkpoint} writes that state. */
    void interrupted(int epoch, int batch, CheckpointWriter checkpoint);

    /** Training completed; {@code model} writes the final weights (the best epoch's when they were restored). */
    default void modelReady(CheckpointWriter model) {
    }

    /** Writes a checkpoint's content; valid only during the callback that hands it over. */
    @FunctionalInterface
    interface CheckpointWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
