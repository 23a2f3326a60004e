package dev.kiln.dataset;

import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.PayloadTooLarge;
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
        return upload(name, fileName, content, ImageOptions.none());
    }

    /**
     * Stores an upload: a ZIP archive (recognised by its content) is read as class folders of images, anything else
     * as CSV. Options for images given with a CSV file are refused (422).
     */
    Dataset upload(String name, String fileName, InputStream content, ImageOptions options) {
        var in = new java.io.BufferedInputStream(content, 1 << 16);
        boolean zip;
        try {
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            in.reset();
            zip = magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && (magic[2] == 3 && magic[3] == 4
                    || magic[2] == 5 && magic[3] == 6);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload", e);
        }
        if (zip) {
            if (options.classNames() != null) {
                throw new InvalidRequest("classNames", "applies to IDX uploads; in a ZIP archive the class folders' "
                        + "names are the classes");
            }
            return uploadArchive(name, fileName, in, options);
        }
        if (fileName != null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            throw new InvalidRequest("file", "the file is named .zip but is not a ZIP archive");
        }
        if (!options.isEmpty()) {
            String field = options.height() != null ? "imageSize" : options.colorMode() != null ? "colorMode"
                    : "classNames";
            throw new InvalidRequest(field, "applies to image uploads (a ZIP of class folders, or IDX images and "
                    + "labels); this file is read as CSV");
        }
        return uploadCsv(name, fileName, in);
    }

    private Dataset uploadCsv(String name, String fileName, InputStream content) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName);
        String prefix = "datasets/" + id;
        return storing(prefix, () -> {
            StoredBlob blob = blobs.write(prefix + "/data.csv", content);
            checkSize(blob, "file");
            CsvProfiling.Result profiled;
            try (InputStream in = blobs.read(blob.key(), blob.sha256())) {
                profiled = CsvProfiling.profile(in, settings.distinctCap(), settings.topValues());
            }
            StoredBlob table = writeTable(prefix + "/table.bin", blob, profiled);
            return datasets.save(new Dataset(id, resolvedName, fileName, "csv", blob.size(), blob.sha256(),
                    profiled.dialect().delimiter(), blob.key(), table, profiled.profile(), clock.instant()));
        });
    }

    /** Work that stores a dataset's files under one prefix. */
    @FunctionalInterface
    private interface Storing {
        Dataset store() throws IOException;
    }

    /**
     * Runs {@code work}; when it fails, every file it wrote under {@code prefix} is removed and a file Kiln cannot
     * read becomes a 422 naming the request part.
     */
    private Dataset storing(String prefix, Storing work) {
        try {
            return work.store();
        } catch (CsvFormatException e) {
            discard(prefix);
            throw new InvalidRequest("file", e.getMessage());
        } catch (ImageFormatException e) {
            discard(prefix);
            throw new InvalidRequest(e.field(), e.getMessage());
        } catch (IOException e) {
            discard(prefix);
            throw new UncheckedIOException("could not store the upload", e);
        } catch (RuntimeException e) {
            discard(prefix);
            throw e;
        }
    }

    /** Stores a ZIP of class folders, checks it, decodes its images once and profiles them. */
    private Dataset uploadArchive(String name, String fileName, InputStream content, ImageOptions options) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName);
        String prefix = "datasets/" + id;
        var limits = settings.images();
        return storing(prefix, () -> {
            StoredBlob archive = blobs.write(prefix + "/archive.zip", content);
            checkSize(archive, "file");
            var upload = new ImageUpload(ImageArchive.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(prefix + "/pixels.bin", out -> {
                try (var channel = blobs.openChannel(archive.key())) {
                    index[0] = new ImageArchive(limits).read(channel, options, upload, out);
                }
            });
            return saveImages(id, resolvedName, fileName, ImageArchive.SOURCE, archive.size(), archive, null, pixels,
                    index[0], upload);
        });
    }

    /** Stores an IDX pair (images and labels, each optionally gzipped), checks it and decodes it once. */
    Dataset uploadIdx(String name, String fileName, InputStream images, InputStream labels, ImageOptions options) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName == null ? null
                : fileName.replaceFirst("(?i)(\\.gz)$", "").replaceFirst("(?i)[-_.]?(images?)?[-_.]?idx\\d?[-_.]?u?byte$", ""));
        String prefix = "datasets/" + id;
        var limits = settings.images();
        return storing(prefix, () -> {
            StoredBlob imagesBlob = blobs.write(prefix + "/images.idx", images);
            checkSize(imagesBlob, "images");
            StoredBlob labelsBlob = blobs.write(prefix + "/labels.idx", labels);
            checkSize(labelsBlob, "labels");
            var upload = new ImageUpload(IdxFiles.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(prefix + "/pixels.bin", out -> {
                try (InputStream i = blobs.read(imagesBlob.key(), imagesBlob.sha256());
                     InputStream l = blobs.read(labelsBlob.key(), labelsBlob.sha256())) {
                    index[0] = IdxFiles.read(i, l, options, limits, upload, out);
                }
            });
            return saveImages(id, resolvedName, fileName, IdxFiles.SOURCE, imagesBlob.size() + labelsBlob.size(),
                    imagesBlob, labelsBlob, pixels, index[0], upload);
        });
    }

    private void checkSize(StoredBlob blob, String field) {
        if (blob.size() > settings.maxUploadSize().toBytes()) {
            throw new PayloadTooLarge("the upload is larger than the limit of " + Sizes.human(settings.maxUploadSize())
                    + " (kiln.datasets.max-upload-size)");
        }
        if (blob.size() == 0) {
            throw new InvalidRequest(field, "the file is empty");
        }
    }

    private Dataset saveImages(UUID id, String name, String fileName, String format, long size, StoredBlob upload,
                               StoredBlob labels, StoredBlob pixels, ImageSetFile.Index index, ImageUpload report)
            throws IOException {
        StoredBlob indexBlob = blobs.write("datasets/" + id + "/images.bin",
                out -> ImageSetFile.writeIndex(out, index, pixels.sha256(), pixels.size()));
        ImageProfile images = report.profile(index);
        List<ValueCount> classes = images.classes();
        List<ValueCount> top = classes.stream().sorted((a, b) -> Long.compare(b.count(), a.count()))
                .limit(settings.topValues()).toList();
        var label = new ColumnProfile(DatasetProfile.LABEL, ColumnType.CATEGORICAL, 0, classes.size(), false, null,
                null, null, null, null, top, classes.size() <= ColumnProfile.LEVELS_LIMIT ? classes : null);
        var profile = new DatasetProfile(index.count(), List.of(label), images);
        return datasets.save(Dataset.images(id, name, fileName, format, size, upload, labels, indexBlob, profile,
                clock.instant()));
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
