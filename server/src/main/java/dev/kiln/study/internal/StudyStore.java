package dev.kiln.study.internal;

import dev.kiln.access.ProjectScope;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.study.Study;
import dev.kiln.study.StudyDefinition;
import dev.kiln.study.StudyStatus;
import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Studies and their trials, in the database (plain SQL, the same on H2 and PostgreSQL). */
@Component
public class StudyStore {
    private static final JsonMapper JSON = JsonColumn.mapper();
    private static final TypeReference<Map<String, Double>> DECISIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, JsonNode>> PARAMETERS = new TypeReference<>() {};
    private final NamedParameterJdbcTemplate jdbc;

    StudyStore(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    public void insert(Study study) {
        jdbc.update("insert into studies (id, project_id, name, definition, status, cancel_requested, created_at) "
                + "values (:id, :project, :name, :definition, :status, false, :at)",
                new MapSqlParameterSource("id", study.id()).addValue("project", study.projectId())
                        .addValue("name", study.definition().name())
                        .addValue("definition", JSON.writeValueAsString(study.definition()))
                        .addValue("status", study.status().name()).addValue("at", Timestamp.from(study.createdAt())));
    }

    public Optional<Study> find(UUID id) {
        return jdbc.query("select * from studies where id = :id", Map.of("id", id), StudyStore::study).stream()
                .findFirst();
    }

    /** The study, its row locked until the transaction ends: one writer at a time, whichever instance. */
    public Optional<Study> lock(UUID id) {
        return jdbc.query("select * from studies where id = :id for update", Map.of("id", id), StudyStore::study)
                .stream().findFirst();
    }

    public List<Study> list(ProjectScope scope, int page, int size) {
        return jdbc.query("select * from studies" + where(scope) + " order by created_at desc, id limit :size "
                + "offset :offset", params(scope).addValue("size", size).addValue("offset", (long) page * size),
                StudyStore::study);
    }

    public long count(ProjectScope scope) {
        return jdbc.queryForObject("select count(*) from studies" + where(scope), params(scope), Long.class);
    }

    /** Studies not yet finished. */
    public List<UUID> unfinished() {
        return jdbc.queryForList("select id from studies where status in ('QUEUED', 'RUNNING')", Map.of(),
                UUID.class);
    }

    public void update(UUID id, StudyStatus status, String reason, Instant finishedAt) {
        jdbc.update("update studies set status = :status, reason = :reason, finished_at = :finished where id = :id",
                new MapSqlParameterSource("id", id).addValue("status", status.name()).addValue("reason", reason)
                        .addValue("finished", finishedAt == null ? null : Timestamp.from(finishedAt)));
    }

    /** Removes the study and its trials' rows. */
    public void delete(UUID id) {
        jdbc.update("delete from studies where id = :id", Map.of("id", id));
    }

    public void requestCancel(UUID id) {
        jdbc.update("update studies set cancel_requested = true where id = :id", Map.of("id", id));
    }

    public List<Trial> trials(UUID studyId) {
        return jdbc.query("select * from study_trials where study_id = :study order by number", Map.of("study", studyId),
                StudyStore::trial);
    }

    public Optional<Trial> trialOfRun(UUID runId) {
        return jdbc.query("select * from study_trials where run_id = :run", Map.of("run", runId), StudyStore::trial)
                .stream().findFirst();
    }

    public void insert(Trial t) {
        jdbc.update("insert into study_trials (study_id, number, run_id, model_id, decisions, parameters, state, "
                + "objective, best_epoch, epochs, bracket, pruned_rung, reason, created_at, finished_at) values (:study, "
                + ":number, :run, :model, :decisions, :parameters, :state, :objective, :bestEpoch, :epochs, :bracket, "
                + ":rung, :reason, :created, :finished)", trialParams(t)
                .addValue("decisions", JSON.writeValueAsString(t.decisions()))
                .addValue("parameters", JSON.writeValueAsString(t.parameters()))
                .addValue("model", t.modelId()).addValue("bracket", t.bracket())
                .addValue("created", Timestamp.from(t.createdAt())));
    }

    /** Stores a trial's progress: state, objective, epochs, and (when pruned) the rung and why. */
    public void update(Trial t) {
        jdbc.update("update study_trials set run_id = :run, state = :state, objective = :objective, best_epoch = "
                + ":bestEpoch, epochs = :epochs, pruned_rung = :rung, reason = :reason, finished_at = :finished where "
                + "study_id = :study and number = :number", trialParams(t));
    }

    private static MapSqlParameterSource trialParams(Trial t) {
        return new MapSqlParameterSource("study", t.studyId()).addValue("number", t.number())
                .addValue("run", t.runId()).addValue("state", t.state().name()).addValue("objective", t.objective())
                .addValue("bestEpoch", t.bestEpoch()).addValue("epochs", t.epochs())
                .addValue("rung", t.prunedRung()).addValue("reason", t.reason())
                .addValue("finished", t.finishedAt() == null ? null : Timestamp.from(t.finishedAt()));
    }

    private static String where(ProjectScope scope) {
        return scope.isAll() ? "" : " where project_id = :project";
    }

    private static MapSqlParameterSource params(ProjectScope scope) {
        return new MapSqlParameterSource("project", scope.project());
    }

    private static Study study(ResultSet rs, int row) throws SQLException {
        return new Study(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                JSON.readValue(rs.getString("definition"), StudyDefinition.class),
                StudyStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                rs.getBoolean("cancel_requested"), instant(rs, "created_at"), instant(rs, "finished_at"));
    }

    private static Trial trial(ResultSet rs, int row) throws SQLException {
        double objective = rs.getDouble("objective");
        Double stored = rs.wasNull() ? null : objective;
        int bestEpoch = rs.getInt("best_epoch");
        Integer best = rs.wasNull() ? null : bestEpoch;
        int rung = rs.getInt("pruned_rung");
        Integer pruned = rs.wasNull() ? null : rung;
        return new Trial(rs.getObject("study_id", UUID.class), rs.getInt("number"), rs.getObject("run_id", UUID.class),
                rs.getObject("model_id", UUID.class), JSON.readValue(rs.getString("decisions"), DECISIONS),
                JSON.readValue(rs.getString("parameters"), PARAMETERS), TrialState.valueOf(rs.getString("state")),
                stored, best, rs.getInt("epochs"), rs.getInt("bracket"), pruned, rs.getString("reason"),
                instant(rs, "created_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
