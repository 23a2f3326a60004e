package dev.kiln.inference;

import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import java.util.List;

/**
 * What predicting needs besides the parameters: the network's definition and the run's fitted preprocessing — and the
 * run's project, which every use of a cached network checks against the caller.
 */
record TrainedModel(java.util.UUID projectId, ModelSpec spec, Task task, FeaturePipeline pipeline) {

    int classes() {
        return pipeline.target() instanceof TargetEncoder.Classes c ? c.labels().size() : 1;
    }

    List<String> labels() {
        return pipeline.target() instanceof TargetEncoder.Classes c ? c.labels() : List.of();
    }

    int inputWidth() {
        return pipeline.width();
    }

    /** The columns a row must (or may) carry: every encoded feature column. */
    List<String> columns() {
        return pipeline.features().stream().map(FeatureEncoder::column).toList();
    }
}
