package dev.kiln.events;

import java.util.Locale;

/** The kinds of event in a run's event log; the SSE event names are their lower-case names. */
public enum EventType {
    /** The run entered a status (QUEUED, RUNNING, …), with the reason. */
    STATUS,
    /** An epoch finished: its metrics row. */
    EPOCH,
    /** A checkpoint was stored (last, best or the final model). */
    CHECKPOINT,
    /** A line of the run's log. */
    LOG,
    /** The run reached a final status; nothing follows. */
    END;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
