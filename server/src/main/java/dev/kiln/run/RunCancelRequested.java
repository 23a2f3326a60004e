package dev.kiln.run;

import java.util.UUID;

/** Published when cancellation of a running run is asked for, so that a worker in this process stops at once. */
public record RunCancelRequested(UUID runId) {}
