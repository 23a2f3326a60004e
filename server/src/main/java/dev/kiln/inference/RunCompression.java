package dev.kiln.inference;

import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.Table;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.inference.quantize.Int8;
import dev.kiln.run.CheckpointRef;
import dev.kiln.run.Compression;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import dev.kiln.training.Scoring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Compresses a SUCCEEDED run into a new SUCCEEDED run: post-training int8 quantization of its weights
 * ({@link Int8}). The new run keeps two files: the compressed artifact ({@code model.int8}: int8 weights with their
 * scales, the rest float) and the dequantized parameters as its model file, so that every use of a run — predict,
 * evaluate, download, ONNX — works on it unchanged and computes with exactly the quantized weights. Calibration rows,
 * when given, are predicted by both models: their agreement and the metrics before and after are recorded.
 */
@Component
class RunCompression {
    static final String ARTIFACT = "model.int8";
    private static final int DEFAULT_ROWS = 512;

    private final Inference inference;
    private final RunHistory runs;
    private final BlobStore blobs;
    private final ModelRuntime runtime;
    private final DatasetCatalog datasets;

    RunCompression(Inference inference, RunHistory runs, BlobStore blobs, ModelRuntime runtime,
                   DatasetCatalog datasets) {
        this.inference = inference;
        this.runs = runs;
        this.blobs = blobs;
        this.runtime = runtime;
        this.datasets = datasets;
    }

    /** What {@code POST /runs/{id}/compress} asks for, checked. */
    record Request(Int8.Scheme scheme, UUID calibrationDataset, int calibrationRows) {}

    /** Checks the request's options (422 naming the field) before anything is read. */
    static Request check(String weights, String scheme, UUID calibrationDataset, Integer rows) {
        List<Violation> violations = new ArrayList<>();
        if (weights != null && !weights.equals("int8")) {
            violations.add(new Violation("quantize.weights", "unknown type '" + weights + "'; expected int8"));
        }
        Int8.Scheme chosen = scheme == null ? Int8.Scheme.PER_CHANNEL_SYMMETRIC : Int8.Scheme.of(scheme);
        if (chosen == null) {
            violations.add(new Violation("quantize.scheme", "unknown scheme '" + scheme + "'; expected "
                    + "perChannelSymmetric or perTensorSymmetric"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new Request(chosen, calibrationDataset, rows == null ? DEFAULT_ROWS : rows);
    }

    Run compress(UUID sourceId, Request request) {
        Run source = runs.get(sourceId);
        if (source.getStatus() != RunStatus.SUCCEEDED || source.getModel().isEmpty()) {
            throw new InvalidRequest("id", "run " + sourceId + " is " + source.getStatus() + "; only a SUCCEEDED "
                    + "run has a model to compress");
        }
        if (source.getCompressedFrom().isPresent()) {
            throw new InvalidRequest("id", "run " + sourceId + " is already compressed (from run "
                    + source.getCompressedFrom().get() + "); compress that one");
        }
        TrainedModel model = inference.trainedModel(sourceId);
        if (request.calibrationDataset() != null) {
            checkCalibration(model, request.calibrationDataset());
        }
        List<ModelRuntime.Weights> parameters = inference.parameters(sourceId);
        List<Int8.Tensor> tensors = Int8.quantize(parameters, request.scheme());
        List<ModelRuntime.Weights> dequantized = tensors.stream().map(Int8.Tensor::dequantized).toList();
        UUID id = UUID.randomUUID();
        String prefix = "runs/" + id;
        try {
            long before = floatBytes(model, parameters);
            StoredBlob artifact = blobs.write(prefix + "/" + ARTIFACT, out -> Int8.write(tensors, out));
            StoredBlob weights = blobs.write(prefix + "/model.ckpt", out -> runtime.writeParameters(model.spec(),
                    model.task(), model.classes(), model.pipeline().layout(), dequantized, out));
            var compression = new Compression(sourceId, "int8", request.scheme().json(),
                    (int) tensors.stream().filter(Int8.Tensor::quantized).count(), before, artifact.size(),
                    artifact.sha256(), null, null, null, null);
            Run compressed = runs.compressedRun(id, sourceId, new CheckpointRef(weights.key(), weights.sha256(), 0,
                    0), compression);
            if (request.calibrationDataset() != null) {
                compression = calibrate(compression, model, sourceId, id, request);
                runs.recordCompression(id, compression);
                compressed = runs.get(id);
            }
            return compressed;
        } catch (IOException e) {
            discard(prefix);
            throw new UncheckedIOException("could not store the compressed model", e);
        } catch (RuntimeException e) {
            discard(prefix);
            throw e;
        }
    }

    /** The float parameters' bytes in the same layout as a model file. */
    private long floatBytes(TrainedModel model, List<ModelRuntime.Weights> parameters) throws IOException {
        var counting = new CountingStream();
        runtime.writeParameters(model.spec(), model.task(), model.classes(), model.pipeline().layout(), parameters,
                counting);
        return counting.count;
    }

    private void checkCalibration(TrainedModel model, UUID datasetId) {
        String field = "quantize.calibration.datasetId";
        var dataset = datasets.find(datasetId).orElseThrow(() -> new InvalidRequest(field, "no dataset with id "
                + datasetId));
        var violations = DatasetRequirements.of(model.pipeline()).check(dataset.getProfile(), field);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    /** Both models on the calibration dataset's first rows: agreement, and each one's metrics. */
    private Compression calibrate(Compression compression, TrainedModel model, UUID sourceId, UUID compressedId,
                                  Request request) {
        float[] targets;
        float[] before;
        float[] after;
        int rows;
        if (model.pipeline().images() != null) {
            var images = datasets.readImages(request.calibrationDataset());
            rows = Math.min(images.count(), request.calibrationRows());
            byte[] pixels = java.util.Arrays.copyOf(images.pixels(), rows * model.pipeline().images().size());
            targets = new float[rows];
            for (int i = 0; i < rows; i++) {
                targets[i] = model.labels().indexOf(images.classes().get(images.labels()[i]));
            }
            before = inference.imageOutputs(sourceId, model.pipeline().images(), pixels, rows);
            after = inference.imageOutputs(compressedId, model.pipeline().images(), pixels, rows);
        } else {
            List<String> columns = new ArrayList<>(model.columns());
            columns.add(model.pipeline().target().column());
            Table table = datasets.readTable(request.calibrationDataset(), columns);
            int[] all = model.pipeline().rowsWithTarget(table);
            EncodedRows encoded = model.pipeline().encode(table, java.util.Arrays.copyOf(all,
                    Math.min(all.length, request.calibrationRows())));
            rows = encoded.rows();
            targets = encoded.targets();
            before = inference.outputs(sourceId, encoded.features(), rows);
            after = inference.outputs(compressedId, encoded.features(), rows);
        }
        if (rows == 0) {
            throw new InvalidRequest("quantize.calibration.datasetId", "the dataset has no row with a known value in "
                    + "the target column");
        }
        var metrics = runs.get(sourceId).getSpec().metrics();
        double scale = model.pipeline().target() instanceof TargetEncoder.Standardized s ? s.std() : 1.0;
        int width = before.length / rows;
        Map<String, Double> metricsBefore = Scoring.score(metrics, model.task(), before, width, targets, scale);
        Map<String, Double> metricsAfter = Scoring.score(metrics, model.task(), after, width, targets, scale);
        Double agreement = model.task().isClassification() ? agreement(before, after, width) : null;
        return compression.calibrated(rows, agreement, metricsBefore, metricsAfter);
    }

    /** The share of rows whose most likely class is the same in both outputs. */
    private static double agreement(float[] before, float[] after, int width) {
        int rows = before.length / width;
        int same = 0;
        for (int r = 0; r < rows; r++) {
            same += label(before, r, width) == label(after, r, width) ? 1 : 0;
        }
        return (double) same / rows;
    }

    private static int label(float[] outputs, int row, int width) {
        if (width == 1) {
            return outputs[row] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (outputs[row * width + c] > outputs[row * width + best]) {
                best = c;
            }
        }
        return best;
    }

    private void discard(String prefix) {
        try {
            blobs.deleteAll(prefix);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(RunCompression.class).warn("Could not remove {}: {}", prefix,
                    e.toString());
        }
    }

    /** Counts the bytes written to it. */
    private static final class CountingStream extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
