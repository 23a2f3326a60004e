package dev.kiln.study.web;

import dev.kiln.study.Algorithm;
import dev.kiln.study.Objective;
import dev.kiln.study.Study;
import dev.kiln.study.StudyStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A study in a list. */
@Schema(description = "A study in a list")
record StudySummary(UUID id, String name, StudyStatus status, @Nullable String reason, Objective objective,
                    Algorithm algorithm, int maxTrials, Instant createdAt, @Nullable Instant finishedAt) {
    static StudySummary from(Study s) {
        return new StudySummary(s.id(), s.definition().name(), s.status(), s.reason(), s.definition().objective(),
                s.definition().algorithm(), s.definition().maxTrials(), s.createdAt(), s.finishedAt());
    }
}
