package dev.kiln.run.search;

import java.util.List;

/**
 * A parsed run filter: comparisons of a run's fields, metrics, params and tags, combined with AND, OR, NOT and
 * parentheses. See {@link FilterParser} for the grammar.
 */
public sealed interface RunFilter {
    record And(List<RunFilter> parts) implements RunFilter {}

    record Or(List<RunFilter> parts) implements RunFilter {}

    record Not(RunFilter part) implements RunFilter {}

    /** {@code field op value}; {@code values} holds one value, or the list of IN, or the two bounds of BETWEEN. */
    record Comparison(Field field, Op op, List<Value> values) implements RunFilter {}

    enum Op { EQ, NE, LT, LE, GT, GE, IN, NOT_IN, BETWEEN, LIKE, NOT_LIKE, IS_NULL, IS_NOT_NULL }

    /** A literal: a number or a string (true/false are strings). */
    sealed interface Value {
        record Number(double value) implements Value {}

        record Text(String value) implements Value {}
    }

    /** What a comparison names: a column of the run, or one of its metrics, params or tags. */
    sealed interface Field {
        String display();

        /** status, task, target, priority, epoch, createdAt, startedAt, finishedAt, datasetId, modelId, id, studyId, trialNumber. */
        record Column(String name, String column, Kind kind) implements Field {
            public String display() {
                return name;
            }
        }

        /** metrics.NAME, params.PATH or tags.KEY. */
        record Value(Indexed indexed, String name) implements Field {
            public String display() {
                return indexed.prefix + "." + name;
            }
        }

        enum Kind { TEXT, NUMBER, TIME, ID, STATUS, TASK }
    }

    /** The kinds of indexed value, with their filter prefix and their code in {@code run_values.kind}. */
    enum Indexed {
        METRIC("metrics", "M"), PARAM("params", "P"), TAG("tags", "T");

        final String prefix;
        final String code;

        Indexed(String prefix, String code) {
            this.prefix = prefix;
            this.code = code;
        }
    }
}
