package dev.kiln.training;

/** A run failed by its own fault (a NaN loss, data the model cannot take); the message is shown to the caller. */
public class TrainingFailed extends RuntimeException {
    public TrainingFailed(String message) {
        super(message);
    }
}
