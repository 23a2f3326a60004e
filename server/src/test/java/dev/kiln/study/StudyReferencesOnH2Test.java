package dev.kiln.study;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.dataset.DatasetUsage;
import dev.kiln.model.ModelUsage;
import dev.kiln.support.OnH2;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** An unfinished study holds on to its base run's datasets and model even when none of its trials is running. */
class StudyReferencesOnH2Test extends OnH2 {
    @Autowired
    private List<DatasetUsage> datasetUsages;
    @Autowired
    private List<ModelUsage> modelUsages;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aStudyThatHasNotEndedBlocksTheDeletionOfItsDataAndModelAndAnEndedOneDoesNot() {
        UUID study = UUID.randomUUID();
        UUID dataset = UUID.randomUUID();
        UUID model = UUID.randomUUID();
        jdbc.update("insert into studies (id, name, definition, status, created_at) values (?, 'between trials', ?, "
                + "'RUNNING', ?)", study, "{\"run\": {\"datasetId\": \"" + dataset + "\", \"modelId\": \"" + model
                + "\"}}", java.sql.Timestamp.from(Instant.now()));

        assertThat(datasetUsages).anySatisfy(u -> assertThat(u.blockingUse(dataset)).hasValueSatisfying(reason ->
                assertThat(reason).contains("study " + study).contains("RUNNING")));
        assertThat(modelUsages).anySatisfy(u -> assertThat(u.blockingModelUse(model)).isPresent());
        assertThat(datasetUsages).allSatisfy(u -> assertThat(u.blockingUse(UUID.randomUUID())).isEmpty());

        jdbc.update("update studies set status = 'COMPLETED' where id = ?", study);

        assertThat(datasetUsages).allSatisfy(u -> assertThat(u.blockingUse(dataset)).isEmpty());
        assertThat(modelUsages).allSatisfy(u -> assertThat(u.blockingModelUse(model)).isEmpty());
    }
}
