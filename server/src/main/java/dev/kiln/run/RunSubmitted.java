package dev.kiln.run;

import java.util.UUID;

/** Published inside the transaction that stores a new QUEUED run, so that queueing it is part of the same commit. */
public record RunSubmitted(UUID runId, int priority) {}
