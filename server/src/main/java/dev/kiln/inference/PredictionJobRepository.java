package dev.kiln.inference;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PredictionJobRepository extends JpaRepository<PredictionJob, UUID> {

    List<PredictionJob> findByDatasetIdAndStatusIn(UUID datasetId, Collection<PredictionJob.Status> statuses);
}
