package dev.kiln.run;

import java.util.UUID;

/** A worker asked for a transition the run's current state does not allow (a bug or a lost race, never a caller's mistake). */
public class IllegalRunTransition extends IllegalStateException {
    public IllegalRunTransition(UUID id, RunStatus status, String transition) {
        super("run " + id + " is " + status + " and cannot " + transition);
    }
}
