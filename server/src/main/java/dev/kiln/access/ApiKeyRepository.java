package dev.kiln.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID>, JpaSpecificationExecutor<ApiKey> {

    Optional<ApiKey> findByPrefix(String prefix);

    /** Admin keys not revoked (expired ones included). */
    List<ApiKey> findByProjectIdIsNullAndRevokedAtIsNull();

    /** Records a use without loading the key (at most once a minute per key, see {@link Keys}). */
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :at where k.id = :id")
    void touch(UUID id, Instant at);
}
