package dev.kiln.explain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ImportanceJobRepository extends JpaRepository<ImportanceJob, UUID> {

    List<ImportanceJob> findByRunIdOrderByCreatedAtDesc(UUID runId);
}
