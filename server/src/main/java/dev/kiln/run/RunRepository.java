package dev.kiln.run;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface RunRepository extends JpaRepository<Run, UUID>, JpaSpecificationExecutor<Run> {
    /**
     * The run, its row locked until the transaction ends: writers of one run (the worker, its bookkeeping, a cancel
     * request, the event log) take turns instead of failing each other's optimistic check.
     */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @org.springframework.data.jpa.repository.Query("select r from Run r where r.id = :id")
    java.util.Optional<Run> findForUpdate(@org.springframework.data.repository.query.Param("id") UUID id);


    /** The run and its whole history in one statement: a consistent snapshot, never a status its history has left. */
    @Query("select r from Run r left join fetch r.history where r.id = :id")
    java.util.Optional<Run> findWithHistory(UUID id);

    @Query("select r from Run r where r.status in :statuses and (r.datasetId = :id or r.testDatasetId = :id)")
    List<Run> findByDatasetInStatus(UUID id, Collection<RunStatus> statuses);

    List<Run> findByModelIdAndStatusIn(UUID modelId, Collection<RunStatus> statuses);

    long countByProjectIdAndStatus(UUID projectId, RunStatus status);

    @Query("select r.id from Run r where r.id in :ids and r.cancelRequested = true")
    List<UUID> findCancelRequested(Collection<UUID> ids);

    @Query("select r.id from Run r where r.status = :status and r.createdAt < :cutoff")
    List<UUID> findIdsByStatusAndCreatedAtBefore(RunStatus status, java.time.Instant cutoff);
}
