package dev.kiln.inference;

import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.model.ModelCatalog;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.CheckpointRef;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.domain.PayloadTooLarge;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.LimitedInputStream;
import dev.kiln.storage.StoredBlob;
import dev.kiln.domain.InvalidRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;

/** Model artifacts out (a ZIP of manifest and parameters, see {@link ModelArtifact}) and back in. */
@Component
class Artifacts {
    private static final long MAX_MANIFEST = 16 << 20;

    private final RunHistory runs;
    private final ModelCatalog models;
    private final BlobStore blobs;
    private final Inference inference;
    private final ManifestCheck check;
    private final long maxParameters;

    Artifacts(RunHistory runs, ModelCatalog models, BlobStore blobs, Inference inference,
              jakarta.validation.Validator validator, ModelRuntime runtime, InferenceSettings settings) {
        this.runs = runs;
        this.models = models;
        this.blobs = blobs;
        this.inference = inference;
        this.check = new ManifestCheck(validator, runtime);
        this.maxParameters = settings.maxArtifactSize().toBytes();
    }

    /** A SUCCEEDED run as an ONNX model with its preprocessing (422 naming what ONNX export does not cover yet). */
    byte[] onnx(UUID runId) {
        TrainedModel model = inference.trainedModel(runId);
        Run run = runs.get(runId);
        List<dev.kiln.inference.quantize.Int8.Tensor> quantized = List.of();
        if (run.getCompressedFrom().isPresent()) {
            try (var in = blobs.read("runs/" + runId + "/" + RunCompression.ARTIFACT,
                    run.getCompression().orElseThrow().artifactSha256())) {
                quantized = dev.kiln.inference.quantize.Int8.read(new java.io.BufferedInputStream(in));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not read the run's int8 artifact", e);
            }
        }
        return dev.kiln.inference.onnx.OnnxExport.export(new dev.kiln.inference.onnx.OnnxExport.Source(runId,
                run.getTask(), run.getTarget(), model.spec(), model.pipeline(), inference.parameters(runId),
                run.getProvenance(), quantized));
    }

    void export(UUID runId, OutputStream out) throws IOException {
        TrainedModel model = inference.trainedModel(runId);
        Run run = runs.get(runId);
        CheckpointRef parameters = run.getModel().orElseThrow();
        var inputs = model.pipeline().features().stream().map(f -> new ModelArtifact.Input(f.column(),
                f instanceof FeatureEncoder.Numeric ? "numeric" : "categorical")).toList();
        int version = dev.kiln.model.ModelGraph.of(model.spec()).isStack() ? ModelArtifact.STACK_VERSION
                : ModelArtifact.VERSION;
        var manifest = new ModelArtifact(ModelArtifact.FORMAT, version, runId, run.getTask(),
                run.getTarget(), inputs, model.labels().isEmpty() ? null : model.labels(), model.spec(),
                run.getPreprocessing(), run.getSpec(), run.getLatestMetrics(), run.getProvenance(),
                new ModelArtifact.Parameters(ModelArtifact.PARAMETERS, parameters.sha256()));
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ModelArtifact.MANIFEST));
            zip.write(JsonColumn.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ModelArtifact.PARAMETERS));
            try (InputStream in = blobs.read(parameters.key(), parameters.sha256())) {
                in.transferTo(zip);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ModelArtifact.README));
            zip.write(readme(runId, version).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private static String readme(UUID runId, int version) {
        return "Kiln model artifact, format kiln-model version " + version + ", from run " + runId + "\n"
                + "kiln-model.json  manifest: task, inputs, labels, model definition, fitted preprocessing,\n"
                + "                 hyperparameters, metrics, provenance, and the sha256 of parameters.ckpt\n"
                + "parameters.ckpt  the network's parameters (a Kiln checkpoint file)\n"
                + "Import it into any Kiln with POST /api/v1/models/import (multipart part 'file').\n";
    }

    /** Stores an artifact as a SUCCEEDED, imported run; refuses (422) anything that is not a valid artifact. */
    Run importArtifact(InputStream content) {
        UUID staging = UUID.randomUUID();
        String folder = "imports/" + staging;
        String key = folder + "/" + ModelArtifact.PARAMETERS;
        ModelArtifact manifest = null;
        StoredBlob parameters = null;
        try (var zip = new ZipInputStream(content)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                boolean again = entry.getName().equals(ModelArtifact.MANIFEST) && manifest != null
                        || entry.getName().equals(ModelArtifact.PARAMETERS) && parameters != null;
                if (again) {
                    throw new InvalidRequest("file", "the artifact holds " + entry.getName() + " twice");
                }
                switch (entry.getName()) {
                    case ModelArtifact.MANIFEST -> manifest = manifest(zip);
                    case ModelArtifact.PARAMETERS -> parameters = blobs.write(key, LimitedInputStream.keepingOpen(zip,
                            maxParameters, () -> new PayloadTooLarge(ModelArtifact.PARAMETERS + " expands to more "
                                    + "than " + maxParameters + " bytes (kiln.inference.max-artifact-size)")));
                    case ModelArtifact.README -> { }
                    default -> throw new InvalidRequest("file", "unexpected entry '" + entry.getName()
                            + "' in a kiln-model artifact");
                }
            }
        } catch (IOException e) {
            discard(folder);
            throw new InvalidRequest("file", "not a readable ZIP file: " + e.getMessage());
        } catch (RuntimeException e) {
            discard(folder);
            throw e;
        }
        try {
            return store(manifest, parameters);
        } catch (RuntimeException e) {
            discard(folder);
            throw e;
        }
    }

    private Run store(ModelArtifact manifest, StoredBlob parameters) {
        if (manifest == null || parameters == null) {
            throw new InvalidRequest("file", "a kiln-model artifact holds " + ModelArtifact.MANIFEST + " and "
                    + ModelArtifact.PARAMETERS);
        }
        if (!ModelArtifact.FORMAT.equals(manifest.format()) || manifest.version() > ModelArtifact.VERSION) {
            throw new InvalidRequest("file", "format " + manifest.format() + " version " + manifest.version()
                    + " is not one this Kiln reads (kiln-model up to version " + ModelArtifact.VERSION + ")");
        }
        if (manifest.parameters() == null || !parameters.sha256().equals(manifest.parameters().sha256())) {
            throw new InvalidRequest("file", "parameters.ckpt does not match the sha256 in the manifest");
        }
        StoredBlob stored = parameters;
        check.check(manifest, parameters, () -> blobs.read(stored.key(), stored.sha256()));
        FeaturePipeline pipeline = manifest.preprocessing();
        var definition = models.create(manifest.model());
        var imported = new Run.Imported(definition.getProjectId(), definition.getId(), definition.getSpec(),
                manifest.target(), manifest.task(),
                pipeline.features().stream().map(FeatureEncoder::column).toList(), manifest.hyperparameters(),
                manifest.preprocessing(), manifest.provenance(), manifest.metrics() == null ? java.util.Map.of()
                : manifest.metrics(), new CheckpointRef(parameters.key(), parameters.sha256(), 0, 0),
                manifest.hyperparameters() == null ? 0 : manifest.hyperparameters().epochs());
        return runs.importRun(imported, "imported from an artifact of run " + manifest.runId());
    }

    private static ModelArtifact manifest(ZipInputStream zip) throws IOException {
        byte[] bytes = zip.readNBytes((int) MAX_MANIFEST + 1);
        if (bytes.length > MAX_MANIFEST) {
            throw new InvalidRequest("file", ModelArtifact.MANIFEST + " is larger than 16 MB");
        }
        try {
            return JsonColumn.mapper().readValue(bytes, ModelArtifact.class);
        } catch (tools.jackson.core.JacksonException e) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? "." + r.getPropertyName()
                    : "[" + r.getIndex() + "]").collect(java.util.stream.Collectors.joining()).replaceFirst("^\\.", "");
            String reason = e.getOriginalMessage().replaceAll("`[\\w.$]+`", "the expected type")
                    .replaceAll("\\(class [\\w.$]+\\)", "").lines().findFirst().orElse("");
            throw new InvalidRequest("file", ModelArtifact.MANIFEST + " is not a valid manifest"
                    + (path.isEmpty() ? "" : " at " + path) + ": " + reason);
        } catch (RuntimeException e) {
            throw new InvalidRequest("file", ModelArtifact.MANIFEST + " is not a valid manifest");
        }
    }

    /** Removes everything a failed import wrote (the staging folder too). */
    private void discard(String folder) {
        try {
            blobs.deleteAll(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
