package dev.kiln.training;

/** Receives a job's progress as it trains. Called on the training thread. */
public interface TrainingListener {
    /** Training is about to start on {@code device} with {@code threads} intra-op threads. */
    void started(String device, int threads);

    /** An epoch finished; its metrics are final. */
    void epochEnded(EpochReport report);
}
