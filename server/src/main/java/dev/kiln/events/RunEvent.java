package dev.kiln.events;

import java.time.Instant;
import java.util.UUID;

/** One stored event of a run: its place in the run's log ({@code seq}, from 1), kind, JSON payload and time. */
public record RunEvent(UUID runId, int seq, EventType type, String payload, Instant at) {
}
