package dev.kiln.dataset;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DatasetRepository extends JpaRepository<Dataset, UUID>,
        org.springframework.data.jpa.repository.JpaSpecificationExecutor<Dataset> {

    long countByProjectId(UUID projectId);

    @Query("select coalesce(sum(d.sizeBytes), 0) from Dataset d where d.projectId = :projectId")
    long storedBytes(UUID projectId);


    /** The dataset, its row locked until the transaction ends: a delete and a new use of it cannot interleave. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Dataset d where d.id = :id")
    Optional<Dataset> findLocked(UUID id);
}
