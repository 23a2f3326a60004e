package dev.kiln.study;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored study: its definition and where it stands. */
public record Study(UUID id, UUID projectId, StudyDefinition definition, StudyStatus status, @Nullable String reason,
                   boolean cancelRequested, Instant createdAt, @Nullable Instant finishedAt) {}
