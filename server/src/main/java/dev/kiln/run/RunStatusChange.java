package dev.kiln.run;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a run's status history: which status, when, on which instance, and why. */
@Entity
@Table(name = "run_status_changes")
public class RunStatusChange {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Enumerated(EnumType.STRING)
    private RunStatus status;
    private Instant at;
    private String instance;
    private String reason;

    protected RunStatusChange() {}

    RunStatusChange(RunStatus status, Instant at, String instance, String reason) {
        this.status = status;
        this.at = at;
        this.instance = instance;
        this.reason = reason == null ? null : Run.truncate(reason, 4000);
    }

    public RunStatus getStatus() {
        return status;
    }

    public Instant getAt() {
        return at;
    }

    public String getInstance() {
        return instance;
    }

    public String getReason() {
        return reason;
    }
}
