package dev.kiln.dataset;

import dev.kiln.access.ProjectScope;
import dev.kiln.access.Tenancy;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/** The module's entry point: look up, preview, read and delete datasets ({@link DatasetUploads} makes them). */
@Service
@EnableConfigurationProperties(DatasetSettings.class)
public class DatasetCatalog {
    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final DatasetSettings settings;
    private final List<DatasetUsage> usages;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final Tenancy tenancy;
    private final TableCache tables;

    DatasetCatalog(DatasetRepository datasets, BlobStore blobs, DatasetSettings settings, List<DatasetUsage> usages,
                   org.springframework.transaction.PlatformTransactionManager transactionManager, Tenancy tenancy) {
        this.tenancy = tenancy;
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        this.datasets = datasets;
        this.blobs = blobs;
        this.settings = settings;
        this.usages = usages;
        this.tables = new TableCache(settings.tableCacheSize().toBytes());
    }

    /** The dataset, if it exists and the caller may see it (another project's datasets do not exist for it). */
    public Optional<Dataset> find(UUID id) {
        return datasets.findById(id).filter(d -> tenancy.scope().allows(d.getProjectId()));
    }

    public Dataset get(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("dataset", id));
    }

    /** The caller's datasets (every project's for an admin). */
    public Page<Dataset> list(Pageable page) {
        ProjectScope scope = tenancy.scope();
        return scope.isAll() ? datasets.findAll(page)
                : datasets.findAll((root, query, cb) -> cb.equal(root.get("projectId"), scope.project()), page);
    }

    /**
     * The first {@code limit} rows, typed as profiled (numbers as numbers, missing values as null); for an image
     * dataset, the first images: their index, class and source file.
     */
    public Preview preview(UUID id, int limit) {
        Dataset dataset = get(id);
        if (limit < 1 || limit > settings.previewMaxRows()) {
            throw new InvalidRequest("limit", "must be between 1 and " + settings.previewMaxRows());
        }
        if (dataset.isImages()) {
            ImageSetFile.Stored stored = imageIndex(dataset);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, stored.count()); i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("index", i);
                row.put(DatasetProfile.LABEL, stored.classes().get(stored.labels()[i]));
                row.put("file", stored.source(i));
                rows.add(row);
            }
            return new Preview(List.of("index", DatasetProfile.LABEL, "file"), rows);
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
     * existed, from the CSV), verifying the file's sha256 on the way; a table read recently comes from memory (see
     * {@link TableCache}). The table's arrays are shared: read them, never write to them.
     */
    public Table readTable(UUID id, List<String> columns) {
        Dataset dataset = get(id);
        if (dataset.table().isPresent()) {
            StoredBlob table = dataset.table().get();
            return tables.get(id, table.sha256(), columns, () -> {
                try (InputStream in = blobs.read(table.key(), table.sha256())) {
                    return TableFile.read(in, columns);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read dataset " + id, e);
                }
            });
        }
        try (InputStream in = blobs.read(dataset.storageKey(), dataset.getSha256())) {
            return TableReader.read(in, dataset.dialect(), dataset.getProfile(), columns,
                    Math.toIntExact(dataset.getRowCount()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
    }

    /** Every image of an image dataset, as stored at upload (both blobs verified against their sha256). */
    public ImageSet readImages(UUID id) {
        Dataset dataset = get(id);
        if (!dataset.isImages()) {
            throw new IllegalArgumentException("dataset " + id + " is not an image dataset");
        }
        ImageSetFile.Stored stored = imageIndex(dataset);
        try (InputStream in = blobs.read(pixelsKey(dataset), stored.pixels().sha256())) {
            return ImageSetFile.read(stored, in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
    }

    /** One stored image of an image dataset as PNG, at the size and in the colors training sees it. */
    public byte[] imagePng(UUID id, int index) {
        Dataset dataset = get(id);
        if (!dataset.isImages()) {
            throw new NotFound("dataset " + id + " has no images; it is a table");
        }
        ImageSetFile.Stored stored = imageIndex(dataset);
        if (index < 0 || index >= stored.count()) {
            throw new NotFound("dataset " + id + " has no image " + index + " (it has " + stored.count() + ")");
        }
        int size = stored.shape().size();
        byte[] image = new byte[size];
        try (InputStream in = blobs.read(pixelsKey(dataset))) {
            in.skipNBytes((long) index * size);
            if (in.readNBytes(image, 0, size) != size) {
                throw new IOException("the pixels of dataset " + id + " end early");
            }
            return ImageEncoding.png(image, stored.shape());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + id, e);
        }
    }

    /**
     * Decodes a PNG, JPEG, BMP or GIF and brings it to {@code shape} as uploads are (color conversion, bilinear
     * resize); 422 naming {@code field} when it is not an image Kiln can read.
     */
    public byte[] decodeImage(byte[] content, ImageShape shape, String field) {
        try {
            return ImageDecoder.toShape(ImageDecoder.decode(content, settings.images().maxPixelsPerImage()), shape);
        } catch (ImageDecoder.Unreadable e) {
            throw new InvalidRequest(field, e.getMessage());
        }
    }

    private ImageSetFile.Stored imageIndex(Dataset dataset) {
        StoredBlob index = dataset.table().orElseThrow();
        try (InputStream in = blobs.read(index.key(), index.sha256())) {
            return ImageSetFile.readIndex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dataset " + dataset.getId(), e);
        }
    }

    private static String pixelsKey(Dataset dataset) {
        return "datasets/" + dataset.getId() + "/pixels.bin";
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
        transactions.executeWithoutResult(status -> {
            Dataset dataset = datasets.findLocked(id).filter(d -> tenancy.scope().allows(d.getProjectId()))
                    .orElseThrow(() -> new NotFound("dataset", id));
            for (DatasetUsage usage : usages) {
                usage.blockingUse(id).ifPresent(reason -> {
                    throw new Conflict("dataset " + id + " is in use: " + reason);
                });
            }
            datasets.delete(dataset);
        });
        tables.forget(id);
        discard("datasets/" + id);
    }

    /**
     * The dataset, locked for the rest of the caller's transaction, for code that starts to use it (a run, a scoring
     * job): a concurrent delete waits for that transaction and then sees the use, or has already removed the dataset
     * and this answers empty.
     */
    public Optional<Dataset> lockForUse(UUID id) {
        return datasets.findLocked(id).filter(d -> tenancy.scope().allows(d.getProjectId()));
    }

    private void discard(String prefix) {
        try {
            blobs.deleteAll(prefix);
        } catch (IOException e) {
            log.warn("Could not remove files under {}: {}", prefix, e.toString());
        }
    }
}
