package dev.kiln.run.search;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.run.RunStatus;
import dev.kiln.run.Task;
import dev.kiln.run.search.RunFilter.Field;
import dev.kiln.run.search.RunFilter.Op;
import dev.kiln.run.search.RunFilter.Value;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Compiles a {@link RunFilter} to a SQL condition on {@code runs r}: every value a bound parameter, every field
 * name from a fixed table or bound as a parameter (never spliced into the text). Metrics, params and tags are
 * {@code EXISTS} subqueries on {@code run_values}. A comparison that cannot apply to its field (a text against a
 * metric, LIKE on a number, an unknown status) is refused with 400 naming {@code filter}.
 */
final class FilterSql {
    private static final Set<Op> ORDERED = EnumSet.of(Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.NOT_IN,
            Op.BETWEEN, Op.IS_NULL, Op.IS_NOT_NULL);
    private static final Set<Op> EQUALITY = EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.IS_NULL, Op.IS_NOT_NULL);
    private static final Set<Op> TEXTUAL = EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.LIKE, Op.NOT_LIKE,
            Op.IS_NULL, Op.IS_NOT_NULL);

    private final MapSqlParameterSource params;
    private int counter;

    FilterSql(MapSqlParameterSource params) {
        this.params = params;
    }

    String condition(RunFilter filter) {
        if (filter instanceof RunFilter.And and) {
            return and.parts().stream().map(this::condition).collect(Collectors.joining(" and ", "(", ")"));
        }
        if (filter instanceof RunFilter.Or or) {
            return or.parts().stream().map(this::condition).collect(Collectors.joining(" or ", "(", ")"));
        }
        if (filter instanceof RunFilter.Not not) {
            return "(not " + condition(not.part()) + ")";
        }
        var comparison = (RunFilter.Comparison) filter;
        return comparison.field() instanceof Field.Column column ? column(column, comparison)
                : indexed((Field.Value) comparison.field(), comparison);
    }

    private String column(Field.Column column, RunFilter.Comparison c) {
        String sql = "r." + column.column();
        Set<Op> allowed = switch (column.kind()) {
            case NUMBER, TIME -> ORDERED;
            case TEXT -> TEXTUAL;
            case ID, STATUS, TASK -> EQUALITY;
        };
        require(allowed, c);
        List<Object> values = new ArrayList<>();
        for (Value value : c.values()) {
            values.add(switch (column.kind()) {
                case NUMBER -> number(value, c);
                case TEXT -> text(value, c);
                case TIME -> time(value, c);
                case ID -> id(value, c);
                case STATUS -> status(value, c);
                case TASK -> task(value, c);
            });
        }
        return compare(sql, c.op(), values);
    }

    private String indexed(Field.Value field, RunFilter.Comparison c) {
        String kind = bind(field.indexed().code);
        String name = bind(field.name());
        String exists = "exists (select 1 from run_values v where v.run_id = r.id and v.kind = " + kind
                + " and v.name = " + name;
        if (c.op() == Op.IS_NULL) {
            return "(not " + exists + "))";
        }
        if (c.op() == Op.IS_NOT_NULL) {
            return exists + ")";
        }
        boolean numeric = c.values().stream().allMatch(v -> v instanceof Value.Number);
        boolean textual = c.values().stream().allMatch(v -> v instanceof Value.Text);
        if (field.indexed() == RunFilter.Indexed.METRIC && !numeric) {
            throw refused(c, "a metric is compared with numbers");
        }
        if (field.indexed() == RunFilter.Indexed.TAG && !textual) {
            throw refused(c, "a tag is compared with quoted strings");
        }
        if (!numeric && !textual) {
            throw refused(c, "compare with numbers or with strings, not both");
        }
        require(numeric ? ORDERED : TEXTUAL, c);
        List<Object> values = c.values().stream().map(v -> v instanceof Value.Number n ? (Object) n.value()
                : ((Value.Text) v).value()).toList();
        return exists + " and " + compare(numeric ? "v.num_value" : "v.text_value", c.op(), values) + ")";
    }

    private String compare(String sql, Op op, List<Object> values) {
        return switch (op) {
            case EQ -> sql + " = " + bind(values.get(0));
            case NE -> sql + " <> " + bind(values.get(0));
            case LT -> sql + " < " + bind(values.get(0));
            case LE -> sql + " <= " + bind(values.get(0));
            case GT -> sql + " > " + bind(values.get(0));
            case GE -> sql + " >= " + bind(values.get(0));
            case IN -> sql + " in (" + values.stream().map(this::bind).collect(Collectors.joining(", ")) + ")";
            case NOT_IN -> sql + " not in (" + values.stream().map(this::bind).collect(Collectors.joining(", ")) + ")";
            case BETWEEN -> sql + " between " + bind(values.get(0)) + " and " + bind(values.get(1));
            case LIKE -> sql + " like " + bind(values.get(0));
            case NOT_LIKE -> sql + " not like " + bind(values.get(0));
            case IS_NULL -> sql + " is null";
            case IS_NOT_NULL -> sql + " is not null";
        };
    }

    private String bind(Object value) {
        String name = "f" + counter++;
        params.addValue(name, value);
        return ":" + name;
    }

    private static void require(Set<Op> allowed, RunFilter.Comparison c) {
        if (!allowed.contains(c.op())) {
            throw refused(c, c.op().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " does not apply here; use "
                    + allowed.stream().map(o -> o.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .collect(Collectors.joining(", ")));
        }
    }

    private static double number(Value value, RunFilter.Comparison c) {
        if (value instanceof Value.Number n) {
            return n.value();
        }
        throw refused(c, "compare with a number");
    }

    private static String text(Value value, RunFilter.Comparison c) {
        if (value instanceof Value.Text t) {
            return t.value();
        }
        throw refused(c, "compare with a quoted string");
    }

    private static Timestamp time(Value value, RunFilter.Comparison c) {
        String text = text(value, c);
        try {
            return Timestamp.from(text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw refused(c, "'" + text + "' is not a date (2026-11-30) or an instant (2026-11-30T12:00:00Z)");
        }
    }

    private static UUID id(Value value, RunFilter.Comparison c) {
        String text = text(value, c);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw refused(c, "'" + text + "' is not an id");
        }
    }

    private static String status(Value value, RunFilter.Comparison c) {
        String text = text(value, c).toUpperCase(Locale.ROOT);
        try {
            return RunStatus.valueOf(text).name();
        } catch (IllegalArgumentException e) {
            throw refused(c, "'" + text(value, c) + "' is not a status; one of QUEUED, RUNNING, SUCCEEDED, FAILED, "
                    + "CANCELLED");
        }
    }

    private static String task(Value value, RunFilter.Comparison c) {
        try {
            return Task.of(text(value, c)).name();
        } catch (IllegalArgumentException e) {
            throw refused(c, e.getMessage());
        }
    }

    private static InvalidParameter refused(RunFilter.Comparison c, String why) {
        return new InvalidParameter("filter", c.field().display() + ": " + why);
    }
}
