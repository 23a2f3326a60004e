package dev.kiln.study.web;

import dev.kiln.dataset.CsvOutput;
import dev.kiln.study.Trial;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A study's trials as CSV: number, runId, state, objective, bestEpoch, epochs, prunedRung, reason, then one column per
 * parameter — an object value (a conditional choice's option) spread into a column per field ({@code
 * hyperparameters.optimizer.type}, {@code hyperparameters.optimizer.learningRate}).
 */
final class TrialsCsv {
    private TrialsCsv() {}

    static String write(List<Trial> trials) {
        List<Map<String, Object>> flat = trials.stream().map(t -> {
            Map<String, Object> values = new LinkedHashMap<>();
            t.parameters().forEach((path, value) -> flatten(path, value, values));
            return values;
        }).toList();
        Set<String> columns = new LinkedHashSet<>();
        flat.forEach(f -> columns.addAll(f.keySet()));
        StringWriter out = new StringWriter();
        try (CsvOutput csv = new CsvOutput(out)) {
            List<Object> header = new ArrayList<>(List.of("number", "runId", "state", "objective", "bestEpoch",
                    "epochs", "prunedRung", "reason"));
            header.addAll(columns);
            csv.row(header);
            for (int i = 0; i < trials.size(); i++) {
                Trial t = trials.get(i);
                List<Object> row = new ArrayList<>(java.util.Arrays.asList(t.number(), t.runId(), t.state(),
                        t.objective(), t.bestEpoch(), t.epochs(), t.prunedRung(), t.reason()));
                Map<String, Object> values = flat.get(i);
                columns.forEach(c -> row.add(values.get(c)));
                csv.row(row);
            }
        }
        return out.toString();
    }

    private static void flatten(String path, JsonNode value, Map<String, Object> into) {
        if (value.isObject()) {
            value.properties().forEach(e -> flatten(path + "." + e.getKey(), e.getValue(), into));
        } else {
            into.put(path, value.isNumber() ? value.numberValue() : value.isString() ? value.asString()
                    : value.toString());
        }
    }
}
