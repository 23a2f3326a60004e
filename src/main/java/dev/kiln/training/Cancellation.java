package dev.kiln.training;

/** A flag a training loop checks between batches; raised from another thread. */
public final class Cancellation {
    private volatile boolean raised;

    public void raise() {
        raised = true;
    }

    public boolean isRaised() {
        return raised;
    }
}
