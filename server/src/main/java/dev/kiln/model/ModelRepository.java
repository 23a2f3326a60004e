package dev.kiln.model;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<ModelDefinition, UUID>,
        org.springframework.data.jpa.repository.JpaSpecificationExecutor<ModelDefinition> {

    /** The definition, its row locked until the transaction ends: a delete and a new use cannot interleave. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from ModelDefinition m where m.id = :id")
    Optional<ModelDefinition> findLocked(UUID id);
}
