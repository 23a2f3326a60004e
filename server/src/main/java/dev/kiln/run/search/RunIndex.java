package dev.kiln.run.search;

import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The values a filter can name, per run, in {@code run_values}: its metrics (the latest epoch's, then the test
 * metrics), its resolved hyperparameters flattened to dotted paths ({@code optimizer.type}, {@code batchSize}) and its
 * tags. Refreshed in the transaction of every change to the run; hyperparameters once, as they never change.
 */
@Component
public class RunIndex {
    private final NamedParameterJdbcTemplate jdbc;

    RunIndex(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** Brings the run's indexed values up to date; call in the transaction that changed it, after it is flushed. */
    public void refresh(Run run) {
        var params = new MapSqlParameterSource("run", run.getId());
        Boolean indexed = jdbc.queryForObject("select indexed from runs where id = :run", params, Boolean.class);
        List<MapSqlParameterSource> rows = new ArrayList<>();
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(run.getLatestMetrics());
        metrics.putAll(run.getTestMetrics());
        metrics.forEach((name, value) -> rows.add(row(run.getId(), "M", name, value, null)));
        run.getTags().forEach((key, value) -> rows.add(row(run.getId(), "T", key, null, value)));
        String kinds = "('M', 'T')";
        if (!Boolean.TRUE.equals(indexed)) {
            flatten("", JsonColumn.mapper().valueToTree(run.getSpec()), run.getId(), rows);
            kinds = "('M', 'T', 'P')";
            jdbc.update("update runs set indexed = true where id = :run", params);
        }
        jdbc.update("delete from run_values where run_id = :run and kind in " + kinds, params);
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into run_values (run_id, kind, name, num_value, text_value) values (:run, :kind, "
                    + ":name, :num, :text)", rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    /** The runs stored before the index existed (or whose indexing has not happened yet). */
    public List<UUID> unindexed(int limit) {
        return jdbc.queryForList("select id from runs where indexed = false limit :limit", Map.of("limit", limit),
                UUID.class);
    }

    private static void flatten(String path, JsonNode node, UUID run, List<MapSqlParameterSource> rows) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                flatten(path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), entry.getValue(), run, rows);
            }
        } else if (node.isArray()) {
            List<String> scalars = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isValueNode()) {
                    scalars.add(item.asString());
                }
            }
            if (!scalars.isEmpty() && path.length() <= 200) {
                rows.add(row(run, "P", path, null, truncate(String.join(",", scalars))));
            }
        } else if (path.length() <= 200) {
            rows.add(node.isNumber() ? row(run, "P", path, node.asDouble(), null)
                    : row(run, "P", path, null, truncate(node.asString())));
        }
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static MapSqlParameterSource row(UUID run, String kind, String name, Double number, String text) {
        return new MapSqlParameterSource("run", run).addValue("kind", kind).addValue("name", name.length() > 200
                ? name.substring(0, 200) : name).addValue("num", number != null && Double.isFinite(number) ? number
                : null).addValue("text", text);
    }
}
