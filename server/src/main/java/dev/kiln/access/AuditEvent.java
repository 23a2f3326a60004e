package dev.kiln.access;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One write to the API: who (the key), in which project, what (method and path, and the answer's status), when, from where. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private Instant at;
    private UUID keyId;
    private UUID projectId;
    private String method;
    private String path;
    private int status;
    private String remoteAddress;

    protected AuditEvent() {}

    AuditEvent(Instant at, @Nullable UUID keyId, @Nullable UUID projectId, String method, String path, int status,
               String remoteAddress) {
        this.at = at;
        this.keyId = keyId;
        this.projectId = projectId;
        this.method = method;
        this.path = path.length() > 1000 ? path.substring(0, 1000) : path;
        this.status = status;
        this.remoteAddress = remoteAddress;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    @Nullable
    public UUID getKeyId() {
        return keyId;
    }

    @Nullable
    public UUID getProjectId() {
        return projectId;
    }

    public String getMethod() {
        return method;
    }

    public String getPath() {
        return path;
    }

    public int getStatus() {
        return status;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }
}
