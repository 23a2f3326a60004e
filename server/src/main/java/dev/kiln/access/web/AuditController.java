package dev.kiln.access.web;

import dev.kiln.access.AuditEvent;
import dev.kiln.access.AuditLog;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Access")
class AuditController {
    private static final Set<String> SORTABLE = Set.of("at");

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** One write: who, what, when, from where. */
    record AuditEntry(long id, Instant at, @Nullable UUID keyId, @Nullable UUID projectId, String method, String path,
                      int status, String remoteAddress) {
        static AuditEntry from(AuditEvent e) {
            return new AuditEntry(e.getId(), e.getAt(), e.getKeyId(), e.getProjectId(), e.getMethod(), e.getPath(),
                    e.getStatus(), e.getRemoteAddress());
        }
    }

    @GetMapping
    @Operation(operationId = "listAuditEvents", summary = "The audit log",
            description = "Every write to the API (POST, PATCH, DELETE): the key, its project, method, path, the "
                    + "answer's status, the time and the caller's address; newest first (sort=at,asc for oldest).")
    @ApiResponse(responseCode = "200", description = "One page of the log")
    Paged<AuditEntry> list(@Parameter(description = "only this key's writes") @RequestParam(required = false)
                           UUID keyId,
                           @Parameter(description = "only writes in this project") @RequestParam(required = false)
                           UUID projectId,
                           @ParameterObject @Valid PageQuery page) {
        return Paged.of(audit.search(keyId, projectId, page.pageable(SORTABLE, "at")), AuditEntry::from);
    }
}
