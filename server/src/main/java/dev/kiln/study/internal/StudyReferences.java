package dev.kiln.study.internal;

import dev.kiln.dataset.DatasetUsage;
import dev.kiln.model.ModelUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A study that has not ended needs its base run's datasets and model for the trials still to come, even between
 * trials, when no run uses them: deleting one is refused (409) while the study runs.
 */
@Component
class StudyReferences implements DatasetUsage, ModelUsage {
    private final NamedParameterJdbcTemplate jdbc;

    StudyReferences(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    @Override
    public Optional<String> blockingUse(UUID datasetId) {
        return using(datasetId);
    }

    @Override
    public Optional<String> blockingModelUse(UUID modelId) {
        return using(modelId);
    }

    /** An unfinished study whose definition (its base run) names {@code id}: ids are unique, so text finds them. */
    private Optional<String> using(UUID id) {
        List<Map<String, Object>> studies = jdbc.queryForList("select id, status from studies where status in "
                + "('QUEUED', 'RUNNING') and definition like :id", Map.of("id", "%\"" + id + "\"%"));
        return studies.stream().findFirst().map(s -> "study " + s.get("id") + " is " + s.get("status")
                + " and trains on it" + (studies.size() > 1 ? " (and " + (studies.size() - 1) + " more)" : ""));
    }
}
