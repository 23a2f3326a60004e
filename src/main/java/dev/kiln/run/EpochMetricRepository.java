package dev.kiln.run;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface EpochMetricRepository extends JpaRepository<EpochMetric, EpochMetric.Key> {
    List<EpochMetric> findByRunIdOrderByEpoch(UUID runId);
}
