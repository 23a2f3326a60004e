package dev.kiln.inference;

import dev.kiln.run.Compression;
import dev.kiln.run.RunStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Inference")
class CompressionController {
    private final RunCompression compression;

    CompressionController(RunCompression compression) {
        this.compression = compression;
    }

    /** A compression request: what to do to the weights. */
    @Schema(description = "Post-training quantization of a SUCCEEDED run's weights")
    record CompressRequest(@NotNull @Valid Quantize quantize) {}

    @Schema(description = "int8 weights with float scales; biases and normalization parameters stay float")
    record Quantize(@Schema(description = "the weights' type", allowableValues = {"int8"}, defaultValue = "int8")
                    @Nullable String weights,
                    @Schema(description = "a scale per output channel, or one per tensor",
                            allowableValues = {"perChannelSymmetric", "perTensorSymmetric"},
                            defaultValue = "perChannelSymmetric") @Nullable String scheme,
                    @Schema(description = "rows both models predict, to measure what quantization changed")
                    @Valid @Nullable Calibration calibration) {}

    @Schema(description = "A dataset that fits the run, and how many of its rows to predict")
    record Calibration(@NotNull UUID datasetId,
                       @Schema(description = "its first rows (default 512)") @Min(1) @Max(100_000) @Nullable
                       Integer rows) {}

    /** The compressed run. */
    record CompressResponse(UUID runId, RunStatus status, UUID compressedFrom, Compression compression) {}

    @PostMapping(value = "/{id}/compress", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "compressRun", summary = "Quantize a SUCCEEDED run's weights to int8 as a new run",
            description = "Post-training symmetric int8 quantization (a scale per output channel or per tensor) of "
                    + "every weight tensor — kernels, embeddings, recurrent and attention weights; biases and "
                    + "normalization stay float. The new SUCCEEDED run (compressedFrom) predicts, evaluates, "
                    + "downloads and exports to ONNX (DequantizeLinear on int8 kernels) with the quantized weights. "
                    + "Reported: the artifact's bytes before and after and, with calibration rows, the agreement and "
                    + "metrics of both models on them.")
    @ApiResponse(responseCode = "201", description = "The compressed run",
            headers = @Header(name = "Location", description = "the new run's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "422", description = "The run has no model, or an option is unknown, or the "
            + "calibration dataset does not fit the run")
    ResponseEntity<CompressResponse> compress(@PathVariable UUID id, @Valid @RequestBody CompressRequest request) {
        Quantize quantize = request.quantize();
        Calibration calibration = quantize.calibration();
        var checked = RunCompression.check(quantize.weights(), quantize.scheme(),
                calibration == null ? null : calibration.datasetId(), calibration == null ? null : calibration.rows());
        var run = compression.compress(id, checked);
        return ResponseEntity.created(URI.create("/api/v1/runs/" + run.getId())).body(new CompressResponse(
                run.getId(), run.getStatus(), run.getCompressedFrom().orElseThrow(),
                run.getCompression().orElseThrow()));
    }
}
