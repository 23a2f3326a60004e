package dev.kiln.dataset;

import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import dev.kiln.web.StreamedForm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload once, train many times: CSV files and images (ZIP of class folders, "
        + "IDX pairs), profiled on upload")
class DatasetController {
    private static final Set<String> SORTABLE = Set.of("createdAt", "name", "sizeBytes", "rowCount");
    private static final Set<String> TEXT_FIELDS = Set.of("name", "imageSize", "colorMode", "classNames");

    private final DatasetCatalog catalog;
    private final DatasetUploads uploads;

    DatasetController(DatasetCatalog catalog, DatasetUploads uploads) {
        this.catalog = catalog;
        this.uploads = uploads;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDataset", summary = "Upload a CSV file or a ZIP of image class folders",
            description = "The file is streamed to storage (sha256 on the way) and profiled. CSV: a header row; comma, "
                    + "semicolon or tab; UTF-8. ZIP: class folders of PNG, JPEG, BMP or GIF images, read as Keras's "
                    + "image_dataset_from_directory does. Image options: imageSize (28, or height,width; default: the "
                    + "most common size), colorMode (default: grayscale when every image is gray). An IDX pair goes "
                    + "to /datasets/idx (this operation also takes parts 'images' and 'labels').")
    @ApiResponse(responseCode = "201", description = "Stored and profiled",
            headers = @Header(name = "Location", description = "the dataset's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "413", description = "The upload is larger than kiln.datasets.max-upload-size")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)))
    ResponseEntity<DatasetResponse> upload(HttpServletRequest request) throws IOException {
        return receive(request, Set.of("file", "images", "labels"));
    }

    @PostMapping(value = "/idx", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadIdxDataset", summary = "Upload images as an IDX pair",
            description = "An images file (magic 0x00000803) and a labels file (0x00000801), gzipped or not, as MNIST "
                    + "and Fashion-MNIST are distributed; the counts must agree. classNames names labels 0, 1, …; "
                    + "otherwise the label values are the class names.")
    @ApiResponse(responseCode = "201", description = "Stored and profiled",
            headers = @Header(name = "Location", description = "the dataset's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "413", description = "The upload is larger than kiln.datasets.max-upload-size")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = IdxForm.class)))
    ResponseEntity<DatasetResponse> uploadIdx(HttpServletRequest request) throws IOException {
        return receive(request, Set.of("images", "labels"));
    }

    /**
     * Streams the request's file parts to storage as they arrive (nothing spooled on the way), then makes the
     * dataset; a refused or failed upload leaves nothing stored.
     */
    private ResponseEntity<DatasetResponse> receive(HttpServletRequest request, Set<String> fileParts)
            throws IOException {
        var upload = uploads.receive();
        try {
            var form = StreamedForm.read(request, fileParts, TEXT_FIELDS,
                    (part, fileName, content) -> uploads.store(upload, part, fileName, content));
            var options = ImageOptions.parse(form.field("imageSize"), form.field("colorMode"),
                    form.field("classNames"));
            return created(uploads.finish(upload, form.field("name"), options));
        } catch (IOException | RuntimeException e) {
            uploads.discard(upload);
            throw e;
        }
    }

    private static ResponseEntity<DatasetResponse> created(Dataset dataset) {
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.getId()))
                .body(DatasetResponse.from(dataset));
    }

    @GetMapping
    @Operation(operationId = "listDatasets", summary = "List datasets, newest first",
            description = "Sortable by createdAt, name, sizeBytes, rowCount.")
    @ApiResponse(responseCode = "200", description = "One page of datasets")
    Paged<DatasetSummary> list(@ParameterObject @Valid PageQuery page) {
        return Paged.of(catalog.list(page.pageable(SORTABLE)), DatasetSummary::from);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDataset", summary = "A dataset with its full profile",
            description = "Per column: type, missing count, distinct values, statistics; for images, their shape, "
                    + "classes, per-channel statistics and the files that were not used.")
    @ApiResponse(responseCode = "200", description = "The dataset")
    DatasetResponse get(@PathVariable UUID id) {
        return DatasetResponse.from(catalog.get(id));
    }

    @GetMapping("/{id}/preview")
    @Operation(operationId = "previewDataset", summary = "The first rows, typed as profiled",
            description = "Numbers as numbers, missing values as null; for images: index, label and source file.")
    @ApiResponse(responseCode = "200", description = "The first rows")
    DatasetCatalog.Preview preview(@PathVariable UUID id,
                                   @Parameter(description = "how many rows, 1 to kiln.datasets.preview-max-rows")
                                   @RequestParam(name = "limit", defaultValue = "20") int limit) {
        return catalog.preview(id, limit);
    }

    @GetMapping(value = "/{id}/images/{index}", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getDatasetImage", summary = "One image of an image dataset as PNG",
            description = "Exactly as training sees it (resized, converted).")
    @ApiResponse(responseCode = "200", description = "The image",
            content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string",
                    format = "binary")))
    ResponseEntity<byte[]> image(@PathVariable UUID id, @PathVariable int index) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(catalog.imagePng(id, index));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset and its files",
            description = "Refused with 409 while a queued or running run uses it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "A queued or running run uses it")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** The multipart form of an upload, as the OpenAPI document describes it. */
    @Schema(description = "A CSV file or a ZIP of image class folders, and options")
    record UploadForm(@Schema(description = "a CSV file, or a ZIP of image class folders", type = "string",
                              format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
                      @Schema(description = "a name (at most 200 characters); the file's name when absent") String name,
                      @Schema(description = "images: 28, or height,width") String imageSize,
                      @Schema(description = "images: grayscale or rgb") ColorMode colorMode) {}

    /** The multipart form of an IDX upload, as the OpenAPI document describes it. */
    @Schema(description = "An IDX pair of images and labels, and options")
    record IdxForm(@Schema(description = "the IDX images file", type = "string", format = "binary",
                           requiredMode = Schema.RequiredMode.REQUIRED) String images,
                   @Schema(description = "the IDX labels file", type = "string", format = "binary",
                           requiredMode = Schema.RequiredMode.REQUIRED) String labels,
                   @Schema(description = "a name (at most 200 characters); the images file's name when absent")
                   String name,
                   @Schema(description = "28, or height,width") String imageSize,
                   @Schema(description = "grayscale or rgb") ColorMode colorMode,
                   @Schema(description = "the names of labels 0, 1, … comma-separated") String classNames) {}

    /** A dataset with its whole profile. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record DatasetResponse(UUID id, String name, @Nullable String fileName,
                           @Schema(allowableValues = {"csv", "image-folders", "idx"}) String format, long sizeBytes,
                           String sha256, @Nullable String labelsSha256, long rows, List<ColumnProfile> columns,
                           @Nullable ImageProfile images, Instant createdAt) {
        static DatasetResponse from(Dataset d) {
            return new DatasetResponse(d.getId(), d.getName(), d.getFileName(), d.getFormat(), d.getSizeBytes(),
                    d.getSha256(), d.getLabelsSha256(), d.getRowCount(), d.getProfile().columns(),
                    d.getProfile().images(), d.getCreatedAt());
        }
    }

    /** A dataset in a list. */
    record DatasetSummary(UUID id, String name, String format, long sizeBytes, String sha256, long rows,
                          int columns, Instant createdAt) {
        static DatasetSummary from(Dataset d) {
            return new DatasetSummary(d.getId(), d.getName(), d.getFormat(), d.getSizeBytes(), d.getSha256(),
                    d.getRowCount(), d.getProfile().columns().size(), d.getCreatedAt());
        }
    }
}
