package dev.kiln.inference;

import dev.kiln.run.RunStatus;
import dev.kiln.web.MultipartParts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Inference")
class ArtifactController {
    static final String ONNX_TYPE = "application/onnx";
    private final Inference inference;
    private final Artifacts artifacts;

    ArtifactController(Inference inference, Artifacts artifacts) {
        this.inference = inference;
        this.artifacts = artifacts;
    }

    /** The forms a trained model downloads in. */
    enum ModelFormat {
        ZIP, ONNX;

        static ModelFormat of(String name) {
            return java.util.Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name.strip())).findFirst()
                    .orElseThrow(() -> new dev.kiln.domain.InvalidParameter("format", "unknown format '" + name
                            + "'; expected zip or onnx"));
        }
    }

    @GetMapping(value = "/runs/{id}/model", produces = {"application/zip", ONNX_TYPE})
    @Operation(operationId = "downloadModel", summary = "A SUCCEEDED run's model: Kiln's artifact, or ONNX",
            description = "format=zip (default): a ZIP of kiln-model.json (task, inputs, labels, model definition, "
                    + "fitted preprocessing, hyperparameters, metrics, provenance) and parameters.ckpt; import it into "
                    + "any Kiln. format=onnx: an ONNX model (opset 17, ai.onnx.ml 3) of the network with its fitted "
                    + "preprocessing — a numeric column as a double tensor [N, 1] (NaN: missing), a categorical one "
                    + "as a string tensor [N, 1] (\"\": missing), an image as float pixel values 0–255 [N, C, H, W] — "
                    + "and outputs probabilities [N, classes] and label [N], or value [N, 1]; the label mapping, the "
                    + "inputs and Kiln's provenance are in its metadata_props. A model ONNX export does not cover yet "
                    + "(graphs, sequence and embedding layers, text columns, recommenders) is refused with 422 "
                    + "naming the layer or column.")
    @ApiResponse(responseCode = "200", description = "The model", content = {
            @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = ONNX_TYPE, schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    @ApiResponse(responseCode = "422", description = "ONNX export does not cover a layer or column of the model")
    ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id,
                                                   @Parameter(description = "zip (Kiln's artifact) or onnx",
                                                           schema = @Schema(allowableValues = {"zip", "onnx"}))
                                                   @RequestParam(name = "format", defaultValue = "zip")
                                                   String format) {
        ModelFormat chosen = ModelFormat.of(format);
        inference.trainedModel(id);
        if (chosen == ModelFormat.ONNX) {
            byte[] onnx = artifacts.onnx(id);
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(ONNX_TYPE))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kiln-model-" + id + ".onnx\"")
                    .contentLength(onnx.length).body(out -> out.write(onnx));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kiln-model-" + id + ".zip\"")
                .body(out -> artifacts.export(id, out));
    }

    /** The run an import made. */
    record ImportResponse(UUID runId, RunStatus status, boolean imported) {}

    @PostMapping(value = "/models/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "importModel", summary = "Import a model artifact",
            description = "Verifies the artifact and stores it as a SUCCEEDED run, marked imported, that predicts "
                    + "exactly as the original.")
    @ApiResponse(responseCode = "201", description = "Imported",
            headers = @Header(name = "Location", description = "the new run's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "413", description = "The artifact is larger than kiln.datasets.max-upload-size")
    ResponseEntity<ImportResponse> importModel(@Parameter(description = "the artifact, as downloaded")
                                               @RequestPart("file") MultipartFile file,
                                               @Parameter(hidden = true) MultipartRequest request) throws IOException {
        MultipartParts.single(request.getFiles("file"), "file");
        try (InputStream in = file.getInputStream()) {
            var run = artifacts.importArtifact(in);
            return ResponseEntity.created(URI.create("/api/v1/runs/" + run.getId()))
                    .body(new ImportResponse(run.getId(), run.getStatus(), true));
        }
    }
}
