package dev.kiln.access;

import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;

/** The audit log: every write to the API, kept in the database and queryable by admins. */
@Service
public class AuditLog {
    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public void record(@Nullable Caller caller, String method, String path, int status, String remoteAddress) {
        events.save(new AuditEvent(clock.instant(), caller == null ? null : caller.keyId(),
                caller == null ? null : caller.projectId(), method, path, status, remoteAddress));
    }

    public Page<AuditEvent> search(@Nullable UUID keyId, @Nullable UUID projectId, Pageable page) {
        Specification<AuditEvent> where = (root, query, cb) -> cb.conjunction();
        if (keyId != null) {
            where = where.and((root, query, cb) -> cb.equal(root.get("keyId"), keyId));
        }
        if (projectId != null) {
            where = where.and((root, query, cb) -> cb.equal(root.get("projectId"), projectId));
        }
        return events.findAll(where, page);
    }
}
