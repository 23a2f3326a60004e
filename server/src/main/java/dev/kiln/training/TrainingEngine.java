package dev.kiln.training;

/** Trains one prepared job; implemented by the {@code djl} module. */
public interface TrainingEngine {

    /** The engine's name, version and devices, for health and provenance. */
    EngineInfo describe();

    /**
     * Trains {@code job} epoch by epoch, reporting each finished epoch to {@code listener}, and stops at the next
     * batch boundary once the job's cancellation is raised.
     *
     * @throws TrainingFailed when the run cannot train by its own fault (a NaN loss, an unusable device)
     */
    TrainingOutcome train(TrainingJob job, TrainingListener listener);
}
