package dev.kiln.run.web;

import dev.kiln.dataset.CsvOutput;
import dev.kiln.run.EpochMetric;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A run's epochs as CSV: epoch, durationMs, samplesPerSecond, then every metric any epoch recorded. */
final class MetricsCsv {
    private MetricsCsv() {}

    static String write(List<EpochMetric> epochs) {
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.getMetrics().keySet()));
        StringWriter out = new StringWriter();
        try (CsvOutput csv = new CsvOutput(out)) {
            List<Object> header = new ArrayList<>(List.of("epoch", "durationMs", "samplesPerSecond"));
            header.addAll(names);
            csv.row(header);
            for (EpochMetric e : epochs) {
                List<Object> row = new ArrayList<>(List.of(e.getEpoch(), e.getDurationMs(), e.getSamplesPerSecond()));
                names.forEach(n -> row.add(e.getMetrics().get(n)));
                csv.row(row);
            }
        }
        return out.toString();
    }
}
