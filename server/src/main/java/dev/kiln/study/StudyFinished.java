package dev.kiln.study;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A study ended (completed, cancelled or failed), with its best trial; announced in the transaction that records it. */
public record StudyFinished(UUID studyId, UUID projectId, String name, StudyStatus status, String reason,
                            @Nullable Integer bestTrial, @Nullable UUID bestRunId, @Nullable Double bestObjective) {}
