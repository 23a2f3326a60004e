package dev.kiln.events;

import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.RunActivity;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every run's event log, in the database (so that any instance serves the events of a run any instance trains).
 * An event is appended in the transaction that records what it reports, under the run row's lock: its {@code seq}
 * is one more than the run's last, and a reader who has seen {@code seq} n has seen every event before it. On
 * PostgreSQL the append also notifies channel {@value #CHANNEL} with the run's id, at commit.
 */
@Component
public class RunEventLog {
    public static final String CHANNEL = "kiln_run_events";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final boolean postgres;
    private final boolean enabled;

    RunEventLog(DataSource dataSource, Clock clock,
                @org.springframework.beans.factory.annotation.Value("${kiln.events.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.postgres = jdbc.getJdbcTemplate().execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName()).toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** Appends what a run's history announces; a final status is followed by {@code end}. */
    @EventListener
    void on(RunActivity activity) {
        if (!enabled) {
            return; // kiln.events.enabled=false: no event log (the overhead benchmark's baseline)
        }
        UUID run = activity.runId();
        if (activity instanceof RunActivity.StatusChanged s) {
            append(run, EventType.STATUS, fields("status", s.status().name(), "at", s.at().toString(), "instance",
                    s.instance(), "reason", s.reason()));
            if (s.status().isFinal()) {
                append(run, EventType.END, fields("status", s.status().name()));
            }
        } else if (activity instanceof RunActivity.EpochRecorded e) {
            append(run, EventType.EPOCH, fields("epoch", e.epoch(), "durationMs", e.durationMs(), "samplesPerSecond",
                    e.samplesPerSecond(), "metrics", e.metrics(), "recordedAt", e.at().toString()));
        } else if (activity instanceof RunActivity.CheckpointRecorded c) {
            append(run, EventType.CHECKPOINT, fields("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "epoch", c.epoch(), "batch", c.batch(), "sha256", c.sha256()));
        } else if (activity instanceof RunActivity.Logged l) {
            append(run, EventType.LOG, fields("level", l.level().name(), "message", l.message(), "at",
                    l.at().toString()));
        }
    }

    /** The run's events after {@code afterSeq}, in order, at most {@code limit}. */
    public List<RunEvent> after(UUID runId, int afterSeq, int limit) {
        return jdbc.query("select seq, type, payload, created_at from run_events where run_id = :run and seq > :after "
                        + "order by seq limit :limit",
                new MapSqlParameterSource("run", runId).addValue("after", afterSeq).addValue("limit", limit),
                (rs, i) -> new RunEvent(runId, rs.getInt(1), EventType.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
    }

    /** Whether the run's log ends at or before {@code seq} (its {@code end} event is there). */
    public boolean endedBy(UUID runId, int seq) {
        Integer ends = jdbc.queryForObject("select count(*) from run_events where run_id = :run and type = 'END' and "
                + "seq <= :seq", new MapSqlParameterSource("run", runId).addValue("seq", seq), Integer.class);
        return ends != null && ends > 0;
    }

    /** Whether the database can wake readers ({@code LISTEN}/{@code NOTIFY}); H2 cannot, readers poll. */
    public boolean notifies() {
        return postgres;
    }

    private void append(UUID runId, EventType type, Map<String, Object> payload) {
        var params = new MapSqlParameterSource("run", runId);
        // the run row's lock orders appends (the run's own update, earlier in this transaction, holds it already)
        jdbc.queryForList("select id from runs where id = :run for update", params);
        Integer last = jdbc.queryForObject("select max(seq) from run_events where run_id = :run", params,
                Integer.class);
        int seq = last == null ? 1 : last + 1;
        payload.put("runId", runId.toString());
        payload.put("seq", seq);
        Instant now = clock.instant();
        jdbc.update("insert into run_events (run_id, seq, type, payload, created_at) values (:run, :seq, :type, "
                + ":payload, :at)", params.addValue("seq", seq).addValue("type", type.name())
                .addValue("payload", JsonColumn.mapper().writeValueAsString(payload))
                .addValue("at", Timestamp.from(now)));
        if (postgres) {
            jdbc.queryForList("select pg_notify('" + CHANNEL + "', :id)", new MapSqlParameterSource("id",
                    runId.toString()));
        }
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
