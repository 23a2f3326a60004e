package dev.kiln.training;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Receives a job's progress as it trains. Called on the training thread; a listener may record an epoch on another
 * thread while the next one trains, and then makes the training thread wait for it in {@link #awaitRecorded}.
 */
public interface TrainingListener {
    /** Training is about to start on {@code device} with {@code threads} intra-op threads. */
    void started(String device, int threads);

    /**
     * An epoch finished; its metrics are final. When a checkpoint is due, {@code checkpoint} writes it (a snapshot
     * taken before the next epoch begins); the listener stores it and records it together with the epoch, before
     * this method returns or later — {@link #awaitRecorded} waits for it.
     */
    void epochEnded(EpochReport report, Optional<CheckpointWriter> checkpoint);

    /**
     * Returns once every epoch handed over is recorded, and throws what recording one failed with. The engine calls
     * it before it ends an epoch's clock, so that an epoch's duration includes any wait for its predecessor's
     * bookkeeping.
     */
    default void awaitRecorded() {
    }

    /** Training stopped inside epoch {@code epoch + 1} after {@code batch} batches; {@code checkpoint} writes that state. */
    void interrupted(int epoch, int batch, CheckpointWriter checkpoint);

    /** Training completed; {@code model} writes the final weights (the best epoch's when they were restored). */
    default void modelReady(CheckpointWriter model) {
    }

    /**
     * Writes a checkpoint's content. An epoch's is a snapshot that can be written any time; the others are valid
     * during the callback that hands them over.
     */
    @FunctionalInterface
    interface CheckpointWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
