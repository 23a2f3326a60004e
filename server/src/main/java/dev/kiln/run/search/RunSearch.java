package dev.kiln.run.search;

import dev.kiln.access.ProjectScope;
import dev.kiln.domain.InvalidParameter;
import dev.kiln.run.search.RunFilter.Field;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds runs: the caller's project's runs that pass a filter, in the order asked for (a column, or a metric, param
 * or tag — runs without it last), one page of ids at a time. Ties are broken by creation time, newest first.
 */
@Component
public class RunSearch {
    /** A sort: a field and a direction. */
    public record Order(Field field, boolean ascending) {
        /** {@code field} or {@code field,asc|desc}; 400 naming {@code sort} when it is neither. */
        public static Order parse(String sort) {
            String[] parts = sort.split(",", -1);
            if (parts.length > 2) {
                throw new InvalidParameter("sort", "expected field or field,asc|desc; got '" + sort + "'");
            }
            Field field = FilterParser.field(parts[0].strip(), "sort", -1);
            if (field instanceof Field.Column column && column.kind() == Field.Kind.ID) {
                throw new InvalidParameter("sort", "cannot sort by " + column.name());
            }
            boolean ascending = parts.length == 1 || switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
                case "asc" -> true;
                case "desc" -> false;
                default -> throw new InvalidParameter("sort", "the direction must be asc or desc, not '" + parts[1]
                        + "'");
            };
            return new Order(field, ascending);
        }
    }

    /** One page of matching ids, in order, and how many match in all. */
    public record Found(List<UUID> ids, long total) {}

    private final NamedParameterJdbcTemplate jdbc;

    RunSearch(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    public Found find(ProjectScope scope, List<RunFilter> filters, Order order, int page, int size) {
        var params = new MapSqlParameterSource();
        var sql = new FilterSql(params);
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (!scope.isAll()) {
            where.append(" and r.project_id = :project");
            params.addValue("project", scope.project());
        }
        for (RunFilter filter : filters) {
            where.append(" and ").append(sql.condition(filter));
        }
        Long total = jdbc.queryForObject("select count(*) from runs r" + where, params, Long.class);
        String direction = order.ascending() ? " asc" : " desc";
        String sortKey;
        if (order.field() instanceof Field.Column column) {
            sortKey = "r." + column.column();
        } else {
            var value = (Field.Value) order.field();
            params.addValue("sortKind", value.indexed().code).addValue("sortName", value.name());
            String typed = value.indexed() == RunFilter.Indexed.METRIC ? "num_value"
                    : value.indexed() == RunFilter.Indexed.TAG ? "text_value" : "coalesce(num_value, 0), text_value";
            sortKey = "(select " + (typed.contains(",") ? "num_value" : typed) + " from run_values s where s.run_id = "
                    + "r.id and s.kind = :sortKind and s.name = :sortName)";
            if (typed.contains(",")) {
                sortKey += direction + " nulls last, (select text_value from run_values s where s.run_id = r.id and "
                        + "s.kind = :sortKind and s.name = :sortName)";
            }
        }
        params.addValue("size", size).addValue("offset", (long) page * size);
        List<UUID> ids = jdbc.queryForList("select r.id from runs r" + where + " order by " + sortKey + direction
                + " nulls last, r.created_at desc, r.id limit :size offset :offset", params, UUID.class);
        return new Found(ids, total == null ? 0 : total);
    }
}
