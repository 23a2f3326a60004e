package dev.kiln.run;

import dev.kiln.domain.Conflict;
import java.util.UUID;

/** A change that only an unfinished run accepts was asked of a finished one. */
public class RunAlreadyFinished extends Conflict {
    public RunAlreadyFinished(UUID id, RunStatus status) {
        super("run " + id + " is already " + status);
    }
}
