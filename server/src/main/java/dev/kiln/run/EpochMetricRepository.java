package dev.kiln.run;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface EpochMetricRepository extends JpaRepository<EpochMetric, EpochMetric.Key> {
    List<EpochMetric> findByRunIdOrderByEpoch(UUID runId);

    List<EpochMetric> findByRunIdInOrderByRunIdAscEpochAsc(java.util.Collection<UUID> runIds);

    @org.springframework.data.jpa.repository.Modifying
    @org.springframework.data.jpa.repository.Query("delete from EpochMetric m where m.runId = :runId and m.epoch > :epoch")
    int deleteByRunIdAndEpochGreaterThan(UUID runId, int epoch);
}
