package dev.kiln.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.run.spec.Optimizer;
import dev.kiln.run.spec.Schedule;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Runs stored before the resolved spec (schema version 7: hyperparameters, preprocessing options and augmentation in
 * columns of their own) keep everything after the migration to one spec column, on H2 as on PostgreSQL.
 */
class SpecMigrationTest {
    private static final String OLD_HYPERPARAMETERS = """
            {"epochs": 12, "batchSize": 16, "validationSplit": 0.1, "shuffle": true, "seed": 7, "device": "cpu",
             "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9, "weightDecay": 0.0},
             "metrics": [{"name": "accuracy"}],
             "learningRateSchedule": {"type": "step", "factor": 0.5, "every": 3},
             "earlyStopping": {"monitor": "val_loss", "mode": "auto", "patience": 2, "minDelta": 0.0,
                               "restoreBestWeights": true, "startFromEpoch": 0}}""";

    private static void migrateOldRun(String url, String user, String password) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("7").load()
                .migrate();
        UUID run = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("insert into runs (id, dataset_id, model_id, target, task, features, hyperparameters, priority, "
                    + "status, cancel_requested, epoch, epochs, created_at, version, preprocessing_options, "
                    + "augmentation) values ('" + run + "', '" + UUID.randomUUID() + "', '" + UUID.randomUUID()
                    + "', 'y', 'BINARY', '[\"x\"]', '" + OLD_HYPERPARAMETERS + "', 0, 'SUCCEEDED', false, 12, 12, "
                    + "current_timestamp, 0, '{\"numeric\": {\"scale\": \"minMax\"}, \"drop\": [\"id\"]}', "
                    + "'{\"horizontalFlip\": true}')");
        }
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet result = s.executeQuery("select spec from runs where id = '" + run + "'")) {
            assertThat(result.next()).isTrue();
            TrainingSpec spec = TrainingSpec.fromJson(result.getString(1));

            assertThat(spec.epochs()).isEqualTo(12);
            assertThat(spec.seed()).isEqualTo(7);
            assertThat(spec.optimizer()).isEqualTo(new Optimizer.Sgd(0.05, 0.9, 0.0, null, null));
            assertThat(spec.learningRateSchedule()).isEqualTo(new Schedule.Step(0.5, 3));
            assertThat(spec.earlyStopping().restoreBestWeights()).isTrue();
            assertThat(spec.preprocessing().dropped()).containsExactly("id");
            assertThat(spec.preprocessing().numeric().scale().json()).isEqualTo("minMax");
            assertThat(spec.augmentation().horizontalFlip()).isTrue();
        }
    }

    @Test
    void oldRunsKeepTheirSettingsOnH2() throws SQLException {
        migrateOldRun("jdbc:h2:mem:spec-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Test
    void oldRunsKeepTheirSettingsOnPostgres() throws SQLException {
        assumeTrue(TestPostgres.availableOrRequired(), "no PostgreSQL for this test");
        TestPostgres database = TestPostgres.fresh();
        migrateOldRun(database.jdbcUrl(), database.username(), database.password());
    }
}
