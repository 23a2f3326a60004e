package dev.kiln.training;

/**
 * A flag a training loop checks between batches, raised from another thread: a caller cancelled the run, or
 * this instance is shutting down and the run must be put back in the queue.
 */
public class Cancellation {
    /** Why training should stop. */
    public enum Reason { CANCELLED, SHUTDOWN }

    private volatile Reason reason;

    /** A caller cancelled the run. */
    public void raise() {
        reason = Reason.CANCELLED;
    }

    /** The instance is stopping; a cancel request already raised takes precedence. */
    public void interrupt() {
        if (reason == null) {
            reason = Reason.SHUTDOWN;
        }
    }

    public boolean isRaised() {
        return reason != null;
    }

    public Reason reason() {
        return reason;
    }
}
