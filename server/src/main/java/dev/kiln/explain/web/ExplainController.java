package dev.kiln.explain.web;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.explain.ExplainOptions;
import dev.kiln.explain.Explainer;
import dev.kiln.inference.Inference;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/runs/{id}/explain")
@Tag(name = "Explanations", description = "Why a model decided: attributions per prediction, permutation importance")
class ExplainController {
    private final Explainer explainer;

    ExplainController(Explainer explainer) {
        this.explainer = explainer;
    }

    /** Rows to explain, and how. */
    record ExplainRequest(
            @Schema(description = "rows as {column: value}, as /predict takes them (at most 1000)")
            @NotNull List<Map<String, Object>> rows,
            @Schema(description = "integratedGradients (default)") ExplainOptions.@Nullable Method method,
            @Schema(description = "points on the path from the baseline (default 64, at most 1024)")
            @Nullable Integer steps,
            @Schema(description = "where the path starts (default trainingMean)") ExplainOptions.@Nullable Baseline baseline,
            @Schema(description = "classifiers: the class whose probability is attributed (default: each row's "
                    + "predicted class)") @Nullable String target,
            @Schema(description = "classifiers: probability (default) or logit") ExplainOptions.@Nullable Output output) {}

    /** The options the explanations were computed with, and one explanation per row. */
    record RowsResponse(UUID runId, ExplainOptions options, List<Explainer.RowExplanation> explanations) {
        static RowsResponse of(UUID runId, Explainer.Rows rows) {
            return new RowsResponse(runId, rows.options(), rows.explanations());
        }
    }

    /** The options the explanations were computed with, and one explanation per image. */
    record ImagesResponse(UUID runId, ExplainOptions options, List<Explainer.ImageExplanation> explanations) {
        static ImagesResponse of(UUID runId, Explainer.ImagesExplained images) {
            return new ImagesResponse(runId, images.options(), images.explanations());
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "explainRows", summary = "Attribute each row's prediction to its columns",
            description = "Integrated gradients from the baseline to each row: per column, its share of the change "
                    + "in the attributed value (the predicted class's probability, or a regression's value in the "
                    + "target's units) — one-hot groups summed back to their column, text columns with their tokens. "
                    + "Each answer states its completeness gap: Σ attributions − (f(x) − f(baseline)).")
    @ApiResponse(responseCode = "200", description = "One explanation per row, in order")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    RowsResponse explainRows(@PathVariable UUID id, @Valid @RequestBody ExplainRequest request) {
        ExplainOptions options = ExplainOptions.of(request.method(), request.steps(), request.baseline(),
                request.target(), request.output(), ExplainOptions.Baseline.TRAINING_MEAN);
        return RowsResponse.of(id, explainer.explainRows(id, request.rows(), options));
    }

    @PostMapping(value = "/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE})
    @Operation(operationId = "explainImages", summary = "Attribute each image's prediction to its pixels",
            description = "Integrated gradients from a black image (or the training mean colour) to each image, "
                    + "per pixel summed over channels; with format=png, one image's map drawn over it as a PNG "
                    + "(red raised the attributed probability, blue lowered it).")
    @ApiResponse(responseCode = "200", description = "One explanation per image (JSON), or the heatmap (PNG)",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class)),
                    @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    @ApiResponse(responseCode = "413", description = "An image is larger than kiln.inference.max-image-size")
    ResponseEntity<?> explainImages(
            @PathVariable UUID id,
            @Parameter(description = "the images", required = true)
            @RequestPart(name = "image", required = false) @Nullable List<MultipartFile> images,
            @Parameter(description = "json (default): the maps as numbers; png: one image's heatmap")
            @RequestParam(defaultValue = "json") String format,
            @Parameter(description = "integratedGradients (default)") @RequestParam(required = false) @Nullable String method,
            @Parameter(description = "points on the path (default 64, at most 1024)")
            @RequestParam(required = false) @Nullable Integer steps,
            @Parameter(description = "zeros (default: a black image) or trainingMean")
            @RequestParam(required = false) @Nullable String baseline,
            @Parameter(description = "the class whose probability is attributed (default: the predicted class)")
            @RequestParam(required = false) @Nullable String target,
            @Parameter(description = "probability (default) or logit") @RequestParam(required = false) @Nullable String output)
            throws IOException {
        ExplainOptions options = ExplainOptions.of(method == null ? null : option("method", method,
                ExplainOptions.Method::of), steps, baseline == null ? null : option("baseline", baseline,
                ExplainOptions.Baseline::of), target, output == null ? null : option("output", output,
                ExplainOptions.Output::of), ExplainOptions.Baseline.ZEROS);
        List<Inference.ImageUpload> uploads = new ArrayList<>();
        for (MultipartFile image : images == null ? List.<MultipartFile>of() : images) {
            uploads.add(new Inference.ImageUpload(image.getOriginalFilename(), image.getBytes()));
        }
        if (format.equals("png")) {
            if (uploads.size() != 1) {
                throw new InvalidRequest("image", "format=png draws one image's heatmap; send exactly one 'image' "
                        + "part (got " + uploads.size() + "), or ask for format=json");
            }
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(explainer.heatmap(id, uploads.get(0),
                    options));
        }
        if (!format.equals("json")) {
            throw new InvalidRequest("format", "expected json or png; got '" + format + "'");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ImagesResponse.of(id,
                explainer.explainImages(id, uploads, options)));
    }

    /** Images sent to {@code /explain} itself as multipart: the same call as {@code /explain/images}. */
    @io.swagger.v3.oas.annotations.Hidden
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE})
    ResponseEntity<?> explainImagesAtExplain(
            @PathVariable UUID id, @RequestPart(name = "image", required = false) @Nullable List<MultipartFile> images,
            @RequestParam(defaultValue = "json") String format, @RequestParam(required = false) @Nullable String method,
            @RequestParam(required = false) @Nullable Integer steps,
            @RequestParam(required = false) @Nullable String baseline,
            @RequestParam(required = false) @Nullable String target,
            @RequestParam(required = false) @Nullable String output) throws IOException {
        return explainImages(id, images, format, method, steps, baseline, target, output);
    }

    private static <T> T option(String field, String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(field, e.getMessage());
        }
    }
}
