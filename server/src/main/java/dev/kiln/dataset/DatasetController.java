package dev.kiln.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import dev.kiln.domain.InvalidRequest;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload once, train many times: CSV files and images (ZIP of class folders, "
        + "IDX pairs), profiled on upload")
class DatasetController {
    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a dataset and profile it: a CSV file (header row; comma, semicolon or tab; UTF-8) "
            + "or a ZIP of image class folders in 'file', or an IDX pair in 'images' + 'labels' (gzipped or not)",
            description = "Image options: imageSize (28, or height,width; default: the most common size), colorMode "
                    + "(grayscale or rgb; default: grayscale when every image is gray), classNames (IDX: the names "
                    + "of labels 0, 1, …, comma-separated).")
    ResponseEntity<DatasetResponse> upload(@RequestPart(name = "file", required = false) MultipartFile file,
                                           @RequestPart(name = "images", required = false) MultipartFile images,
                                           @RequestPart(name = "labels", required = false) MultipartFile labels,
                                           @RequestParam(name = "name", required = false) String name,
                                           @RequestParam(name = "imageSize", required = false) String imageSize,
                                           @RequestParam(name = "colorMode", required = false) String colorMode,
                                           @RequestParam(name = "classNames", required = false) String classNames)
            throws IOException {
        ImageOptions options = ImageOptions.parse(imageSize, colorMode, classNames);
        Dataset dataset;
        if (images != null || labels != null) {
            if (file != null) {
                throw new InvalidRequest("file", "send either 'file' (CSV or ZIP) or 'images' + 'labels' (IDX), not both");
            }
            if (images == null || labels == null) {
                throw new InvalidRequest(images == null ? "images" : "labels", "an IDX upload needs both parts, "
                        + "'images' and 'labels'");
            }
            try (InputStream i = images.getInputStream(); InputStream l = labels.getInputStream()) {
                dataset = catalog.uploadIdx(name, images.getOriginalFilename(), i, l, options);
            }
        } else {
            if (file == null) {
                throw new InvalidRequest("file", "send the dataset as multipart part 'file' (CSV or ZIP of class "
                        + "folders), or as parts 'images' and 'labels' (IDX)");
            }
            if (options.classNames() != null) {
                throw new InvalidRequest("classNames", "applies to IDX uploads ('images' + 'labels')");
            }
            try (InputStream content = file.getInputStream()) {
                dataset = catalog.upload(name, file.getOriginalFilename(), content, options);
            }
        }
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.getId()))
                .body(DatasetResponse.from(dataset));
    }

    @GetMapping
    @Operation(summary = "List datasets, newest first (page, size, sort)")
    Page<DatasetSummary> list(@PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC)
                              Pageable page) {
        return catalog.list(page).map(DatasetSummary::from);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dataset with its full profile")
    DatasetResponse get(@PathVariable UUID id) {
        return DatasetResponse.from(catalog.get(id));
    }

    @GetMapping("/{id}/preview")
    @Operation(summary = "The first rows, typed as profiled")
    DatasetCatalog.Preview preview(@PathVariable UUID id,
                                   @RequestParam(name = "limit", defaultValue = "20") int limit) {
        return catalog.preview(id, limit);
    }

    @GetMapping(value = "/{id}/images/{index}", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "One image of an image dataset as PNG, as training sees it (resized, converted)")
    ResponseEntity<byte[]> image(@PathVariable UUID id, @PathVariable int index) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(catalog.imagePng(id, index));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset and its file (409 while a queued or running run uses it)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(id);
        return ResponseEntity.noContent().build();
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record DatasetResponse(UUID id, String name, String fileName, String format, long sizeBytes, String sha256,
                           String labelsSha256, long rows, List<ColumnProfile> columns, ImageProfile images,
                           Instant createdAt) {
        static DatasetResponse from(Dataset d) {
            return new DatasetResponse(d.getId(), d.getName(), d.getFileName(), d.getFormat(), d.getSizeBytes(),
                    d.getSha256(), d.getLabelsSha256(), d.getRowCount(), d.getProfile().columns(),
                    d.getProfile().images(), d.getCreatedAt());
        }
    }

    record DatasetSummary(UUID id, String name, String format, long sizeBytes, String sha256, long rows,
                          int columns, Instant createdAt) {
        static DatasetSummary from(Dataset d) {
            return new DatasetSummary(d.getId(), d.getName(), d.getFormat(), d.getSizeBytes(), d.getSha256(),
                    d.getRowCount(), d.getProfile().columns().size(), d.getCreatedAt());
        }
    }
}
