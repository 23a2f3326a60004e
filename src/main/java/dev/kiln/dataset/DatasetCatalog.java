package dev.kiln.dataset;

import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import dev.kiln.web.Conflict;
import dev.kiln.web.InvalidRequest;
import dev.kiln.web.NotFound;
import dev.kiln.web.PayloadTooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/** The module's entry point: upload, look up, preview, read and delete datasets. */
@Service
@EnableConfigurationProperties(DatasetSettings.class)
public class DatasetCatalog {
    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final DatasetSettings settings;
    private final List<DatasetUsage> usages;
    private final Clock clock;

    DatasetCatalog(DatasetRepository datasets, BlobStore blobs, DatasetSettings settings, List<DatasetUsage> usages,
                   Clock clock) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.settings = settings;
        this.usages = usages;
        this.clock = clock;
    }

    /** Streams a CSV upload to storage, profiles it and records it; a file Kiln cannot read is refused (422). */
    public Dataset upload(String name, String fileName, InputStream content) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName);
        String prefix = "datasets/" + id;
        try {
            StoredBlob blob = blobs.write(prefix + "/data.csv", content);
            if (blob.size() > settings.maxUploadSize().toBytes()) {
                throw new PayloadTooLarge("the upload is larger than the limit of " + settings.maxUploadSize()
                        + " (kiln.datasets.max-upload-size)");
            }
            if (blob.size() == 0) {
                throw new InvalidRequest("file", "the file is empty");
            }
            CsvProfiling.Result profiled;
            try (InputStream in = blobs.read(blob.key(), blob.sha256())) {
                profiled = CsvProfiling.profile(in, settings.distinctCap(), settings.topValues());
            }
            StoredBlob table = writeTable(prefix + "/table.bin", blob, profiled);
            return datasets.save(new Dataset(id, resolvedName, fileName, "csv", blob.size(), blob.sha256(),
                    profiled.dialect().delimiter(), blob.key(), table, profiled.profile(), clock.instant()));
        } catch (CsvFormatException e) {
            discard(prefix);
            throw new InvalidRequest("file", e.getMessage());
        } catch (IOException e) {
            discard(prefix);
            throw new UncheckedIOException("could not store the upload", e);
        } catch (RuntimeException e) {
            discard(prefix);
            throw e;
        }
    }

    /** Writes the training-ready binary form: one more pass over the stored CSV, now that the types are known. */
    private StoredBlob writeTable(String key, StoredBlob csv, CsvProfiling.Result profiled) throws IOException {
        return blobs.write(key, out -> {
            TableFile.Rows rows = TableFile.writer(out, profiled.profile());
            try (InputStream in = blobs.read(csv.key(), csv.sha256())) {
                CsvFile.scan(in, profiled.dialect(), Long.MAX_VALUE, rows::add);
            }
            rows.finish();
        });
    }

    private static String resolveName(String name, String fileName) {
        String resolved = name != null && !name.isBlank() ? name.strip()
                : fileName != null && !fileName.isBlank() ? fileName.strip().replaceFirst("\\.[A-Za-z0-9]{1,5}$", "")
                : "dataset";
        if (resolved.length() > 200) {
            throw new InvalidRequest("name", "must be at most 200 characters");
        }
        return resolved;
    }

    public Optional<Dataset> find(UUID id) {
        return datasets.findById(id);
    }

    public Dataset get(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("dataset", id));
    }

    public Page<Dataset> list(Pageable page) {
        return datasets.findAll(page);
    }

    /** The first {@code limit} rows, typed as profiled (numbers as numbers, missing values as null). */
    public Preview preview(UUID id, int limit) {
        Dataset dataset = get(id);
        if (limit < 1 || limit > settings.previewMaxRows()) {
            throw new InvalidRequest("limit", "must be between 1 and " + settings.previewMaxRows());
        }
        List<ColumnProfile> columns = dataset.getProfile().columns();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (InputStream in = blobs.read(dataset.storageKey())) {
            CsvFile.scan(in, dataset.dialect(), limit, record -> rows.add(typed(columns, record)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
        return new Preview(dataset.getProfile().columnNames(), rows);
    }

    /** Rows as the profile types them. */
    public record Preview(List<String> columns, List<Map<String, Object>> rows) {}

    private static Map<String, Object> typed(List<ColumnProfile> columns, String[] record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < record.length; i++) {
            String cell = record[i];
            Object value = CellValues.isMissing(cell) ? null
                    : columns.get(i).isNumeric() ? CellValues.parseNumber(cell) : cell;
            row.put(columns.get(i).name(), value);
        }
        return row;
    }

    /**
     * Reads the named columns of every row from the training-ready form (or, for datasets stored before it
     * existed, from the CSV), verifying the file's sha256 on the way.
     */
    public Table readTable(UUID id, List<String> columns) {
        Dataset dataset = get(id);
        if (dataset.table().isPresent()) {
            StoredBlob table = dataset.table().get();
            try (InputStream in = blobs.read(table.key(), table.sha256())) {
                return TableFile.read(in, columns);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read dataset " + id, e);
            }
        }
        try (InputStream in = blobs.read(dataset.storageKey(), dataset.getSha256())) {
            return TableReader.read(in, dataset.dialect(), dataset.getProfile(), columns,
                    Math.toIntExact(dataset.getRowCount()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
    }

    /** Receives a dataset's header once, then every record as stored (text cells, in file order). */
    public interface RecordSink {
        void header(List<String> header);

        void record(String[] cells);
    }

    /** Streams the stored CSV's header and records, verifying its sha256 on the way. */
    public void scanRecords(UUID id, RecordSink sink) {
        Dataset dataset = get(id);
        try (InputStream in = blobs.read(dataset.storageKey(), dataset.getSha256())) {
            CsvFile.scanAll(in, dataset.dialect(), sink::header, sink::record);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
    }

    /** Deletes a dataset and then its files, unless something still uses it (409). */
    public void delete(UUID id) {
        Dataset dataset = get(id);
        for (DatasetUsage usage : usages) {
            usage.blockingUse(id).ifPresent(reason -> {
                throw new Conflict("dataset " + id + " is in use: " + reason);
            });
        }
        datasets.delete(dataset);
        discard("datasets/" + id);
    }

    private void discard(String prefix) {
        try {
            blobs.deleteAll(prefix);
        } catch (IOException e) {
            log.warn("Could not remove files under {}: {}", prefix, e.toString());
        }
    }
}
