package dev.kiln.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.model.ModelSpec;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.run.RunProvenance;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.run.Task;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The manifest of a model artifact, {@code kiln-model.json} in the ZIP that {@code GET /runs/{id}/model}
 * downloads. Version 2 is written for a model that is a graph (named layers with inputs, merges, input layers): an
 * older Kiln that reads only version 1 refuses it instead of misreading it; a stack is still written as version 1,
 * and both import here. Layout (both versions):
 * <pre>
 * kiln-model.json   this manifest (UTF-8 JSON)
 * parameters.ckpt   the network's parameters: a Kiln checkpoint file (see the djl module's Checkpoints)
 * README.txt        this layout, for people
 * </pre>
 * {@code preprocessing} is the fitted pipeline (encoders, label mapping); {@code inputs} the columns a row may
 * carry; {@code provenance} where the model came from; {@code parameters} names the file and its sha256.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelArtifact(String format, int version, UUID runId, Task task, String target, List<Input> inputs,
                     List<String> labels, ModelSpec model, FeaturePipeline preprocessing, TrainingSpec hyperparameters,
                     Map<String, Double> metrics, RunProvenance provenance, Parameters parameters) {
    static final String FORMAT = "kiln-model";
    /** The newest version this Kiln reads and writes (graphs); stacks are written as {@link #STACK_VERSION}. */
    static final int VERSION = 2;
    static final int STACK_VERSION = 1;
    static final String MANIFEST = "kiln-model.json";
    static final String PARAMETERS = "parameters.ckpt";
    static final String README = "README.txt";

    /** A column a row may carry, and how the model reads it. */
    record Input(String name, String type) {}

    record Parameters(String file, String sha256) {}
}
