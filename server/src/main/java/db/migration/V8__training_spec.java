package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One resolved training spec per run: the hyperparameters document gains the run's preprocessing options and image
 * augmentation (until now columns of their own), under the names it always had, in a new column {@code spec}; the
 * three old columns go. JSON is merged here because SQL cannot do it portably on H2 and PostgreSQL.
 */
public class V8__training_spec extends BaseJavaMigration {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table runs add column spec varchar(1000000)");
        }
        record Row(Object id, String spec) {}
        List<Row> rows = new ArrayList<>();
        try (Statement select = connection.createStatement();
             ResultSet result = select.executeQuery(
                     "select id, hyperparameters, preprocessing_options, augmentation from runs")) {
            while (result.next()) {
                rows.add(new Row(result.getObject(1), merge(result.getString(2), result.getString(3),
                        result.getString(4))));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("update runs set spec = ? where id = ?")) {
            for (Row row : rows) {
                update.setString(1, row.spec());
                update.setObject(2, row.id());
                update.addBatch();
            }
            if (!rows.isEmpty()) {
                update.executeBatch();
            }
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table runs alter column spec set not null");
            ddl.execute("alter table runs drop column hyperparameters");
            ddl.execute("alter table runs drop column preprocessing_options");
            ddl.execute("alter table runs drop column augmentation");
        }
    }

    static String merge(String hyperparameters, String preprocessing, String augmentation) {
        ObjectNode spec = hyperparameters == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(hyperparameters);
        if (preprocessing != null) {
            spec.set("preprocessing", JSON.readTree(preprocessing));
        }
        if (augmentation != null) {
            JsonNode tree = JSON.readTree(augmentation);
            spec.set("augmentation", tree);
        }
        return JSON.writeValueAsString(spec);
    }
}
