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

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload once, train many times: CSV files, profiled on upload")
class DatasetController {
    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a CSV file (header row; comma, semicolon or tab; UTF-8) and profile it")
    ResponseEntity<DatasetResponse> upload(@RequestPart("file") MultipartFile file,
                                           @RequestParam(name = "name", required = false) String name)
            throws IOException {
        Dataset dataset;
        try (InputStream content = file.getInputStream()) {
            dataset = catalog.upload(name, file.getOriginalFilename(), content);
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

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset and its file (409 while a queued or running run uses it)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(id);
        return ResponseEntity.noContent().build();
    }

    record DatasetResponse(UUID id, String name, String fileName, String format, long sizeBytes, String sha256,
                           long rows, List<ColumnProfile> columns, Instant createdAt) {
        static DatasetResponse from(Dataset d) {
            return new DatasetResponse(d.getId(), d.getName(), d.getFileName(), d.getFormat(), d.getSizeBytes(),
                    d.getSha256(), d.getRowCount(), d.getProfile().columns(), d.getCreatedAt());
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
