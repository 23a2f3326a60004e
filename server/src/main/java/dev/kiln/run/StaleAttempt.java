package dev.kiln.run;

import java.util.UUID;

/** A worker of an earlier attempt tried to update a run that another worker has since taken over. */
public class StaleAttempt extends IllegalStateException {
    public StaleAttempt(UUID id, int attempt, int current) {
        super("run " + id + " is on attempt " + current + "; attempt " + attempt + " may no longer update it");
    }
}
