package dev.kiln.run.web;

import dev.kiln.run.EpochMetric;
import dev.kiln.run.Run;
import dev.kiln.run.RunStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** Several runs' epoch series on one epoch axis, for charts that overlay them. */
@Schema(description = "Runs' metrics aligned on one epoch axis")
record CompareResponse(
        @Schema(description = "the runs, in the order asked for") List<Compared> runs,
        @Schema(description = "the epoch axis: 1 to the most epochs any of the runs recorded") List<Integer> epochs,
        @Schema(description = "per metric, per run id, one value per epoch of the axis (null where the run has none)")
        Map<String, Map<UUID, List<Double>>> metrics) {

    /** A compared run: what tells it apart. */
    record Compared(UUID id, RunStatus status, UUID modelId, Map<String, String> tags,
                    @Schema(description = "the resolved hyperparameters") dev.kiln.run.spec.TrainingSpec spec) {}

    static CompareResponse of(List<Run> runs, List<List<EpochMetric>> epochs) {
        int last = epochs.stream().mapToInt(e -> e.isEmpty() ? 0 : e.get(e.size() - 1).getEpoch()).max().orElse(0);
        TreeSet<String> names = new TreeSet<>();
        epochs.forEach(rows -> rows.forEach(row -> names.addAll(row.getMetrics().keySet())));
        Map<String, Map<UUID, List<Double>>> metrics = new LinkedHashMap<>();
        for (String name : names) {
            Map<UUID, List<Double>> byRun = new LinkedHashMap<>();
            for (int r = 0; r < runs.size(); r++) {
                Double[] values = new Double[last];
                for (EpochMetric row : epochs.get(r)) {
                    values[row.getEpoch() - 1] = row.getMetrics().get(name);
                }
                byRun.put(runs.get(r).getId(), Arrays.asList(values));
            }
            metrics.put(name, byRun);
        }
        List<Integer> axis = new ArrayList<>();
        for (int e = 1; e <= last; e++) {
            axis.add(e);
        }
        return new CompareResponse(runs.stream().map(r -> new Compared(r.getId(), r.getStatus(), r.getModelId(),
                r.getTags(), r.getSpec())).toList(), axis, metrics);
    }
}
