package dev.kiln.dataset;

import dev.kiln.access.Quotas;
import dev.kiln.access.Tenancy;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Names;
import dev.kiln.domain.PayloadTooLarge;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Uploads become datasets: the bytes streamed to storage (sha256 on the way), checked against the project's quotas,
 * parsed and profiled — CSV, a ZIP of class folders, or an IDX pair — and recorded; whatever an upload that fails
 * wrote is removed again.
 */
@Component
class DatasetUploads {
    private static final Logger log = LoggerFactory.getLogger(DatasetUploads.class);

    private final DatasetRepository datasets;
    private final BlobStore blobs;
    private final DatasetSettings settings;
    private final Clock clock;
    private final Tenancy tenancy;
    private final Quotas quotas;

    DatasetUploads(DatasetRepository datasets, BlobStore blobs, DatasetSettings settings, Clock clock, Tenancy tenancy,
                   Quotas quotas) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.settings = settings;
        this.clock = clock;
        this.tenancy = tenancy;
        this.quotas = quotas;
    }

    /** Streams a CSV upload to storage, profiles it and records it; a file Kiln cannot read is refused (422). */
    Dataset upload(String name, String fileName, InputStream content) {
        return upload(name, fileName, content, ImageOptions.none());
    }

    /**
     * Stores an upload: a ZIP archive (recognised by its content) is read as class folders of images, anything else
     * as CSV. Options for images given with a CSV file are refused (422).
     */
    Dataset upload(String name, String rawFileName, InputStream content, ImageOptions options) {
        String fileName = Names.fileName(rawFileName, 500);
        UUID project = tenancy.projectForNew();
        checkDatasetCount(project);
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
            return uploadArchive(project, name, fileName, in, options);
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
        return uploadCsv(project, name, fileName, in);
    }

    private Dataset uploadCsv(UUID project, String name, String fileName, InputStream content) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName);
        String prefix = "datasets/" + id;
        return storing(prefix, () -> {
            StoredBlob blob = blobs.write(prefix + "/data.csv", content);
            checkSize(blob, "file");
            checkStoredBytes(project, blob.size());
            CsvProfiling.Result profiled;
            try (InputStream in = blobs.read(blob.key(), blob.sha256())) {
                profiled = CsvProfiling.profile(in, settings.distinctCap(), settings.topValues());
            }
            StoredBlob table = writeTable(prefix + "/table.bin", blob, profiled);
            return datasets.save(new Dataset(id, project, resolvedName, fileName, "csv", blob.size(), blob.sha256(),
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
    private Dataset uploadArchive(UUID project, String name, String fileName, InputStream content,
                                  ImageOptions options) {
        UUID id = UUID.randomUUID();
        String resolvedName = resolveName(name, fileName);
        String prefix = "datasets/" + id;
        var limits = settings.images();
        return storing(prefix, () -> {
            StoredBlob archive = blobs.write(prefix + "/archive.zip", content);
            checkSize(archive, "file");
            checkStoredBytes(project, archive.size());
            var upload = new ImageUpload(ImageArchive.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(prefix + "/pixels.bin", out -> {
                try (var channel = blobs.openChannel(archive.key())) {
                    index[0] = new ImageArchive(limits).read(channel, options, upload, out);
                }
            });
            return saveImages(id, project, resolvedName, fileName, ImageArchive.SOURCE, archive.size(), archive, null,
                    pixels, index[0], upload);
        });
    }

    /** Stores an IDX pair (images and labels, each optionally gzipped), checks it and decodes it once. */
    Dataset uploadIdx(String name, String rawFileName, InputStream images, InputStream labels, ImageOptions options) {
        String fileName = Names.fileName(rawFileName, 500);
        UUID project = tenancy.projectForNew();
        checkDatasetCount(project);
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
            checkStoredBytes(project, imagesBlob.size() + labelsBlob.size());
            var upload = new ImageUpload(IdxFiles.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(prefix + "/pixels.bin", out -> {
                try (InputStream i = blobs.read(imagesBlob.key(), imagesBlob.sha256());
                     InputStream l = blobs.read(labelsBlob.key(), labelsBlob.sha256())) {
                    index[0] = IdxFiles.read(i, l, options, limits, upload, out);
                }
            });
            return saveImages(id, project, resolvedName, fileName, IdxFiles.SOURCE,
                    imagesBlob.size() + labelsBlob.size(), imagesBlob, labelsBlob, pixels, index[0], upload);
        });
    }

    /** A project may hold so many datasets (kiln.quotas.max-datasets or its own limit): 422 before anything is stored. */
    private void checkDatasetCount(UUID project) {
        int limit = quotas.of(project).maxDatasets();
        if (datasets.countByProjectId(project) >= limit) {
            throw new InvalidRequest("file", "the project holds " + limit + " datasets, its limit "
                    + "(kiln.quotas.max-datasets); delete some first");
        }
    }

    /** A project may store so many bytes of datasets: the upload that would exceed it is removed again (422). */
    private void checkStoredBytes(UUID project, long adding) {
        long limit = quotas.of(project).maxStoredBytes();
        long stored = datasets.storedBytes(project);
        if (stored + adding > limit) {
            throw new InvalidRequest("file", "the project would store " + Sizes.human(DataSize.ofBytes(stored + adding))
                    + " of datasets, more than its limit of " + Sizes.human(DataSize.ofBytes(limit))
                    + " (kiln.quotas.max-stored-bytes); delete some first");
        }
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

    private Dataset saveImages(UUID id, UUID project, String name, String fileName, String format, long size,
                               StoredBlob upload,
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
        return datasets.save(Dataset.images(id, project, name, fileName, format, size, upload, labels, indexBlob,
                profile, clock.instant()));
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

    /** The name given (cleaned, at most 200 characters), else the file's base name without its extension. */
    private static String resolveName(String name, String fileName) {
        if (name != null && !name.isBlank()) {
            return Names.clean(name, 200, "name");
        }
        String base = Names.fileName(fileName, 200);
        String withoutExtension = base == null ? "" : base.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
        return withoutExtension.isBlank() ? "dataset" : withoutExtension;
    }

    private void discard(String prefix) {
        try {
            blobs.deleteAll(prefix);
        } catch (IOException e) {
            log.warn("Could not remove files under {}: {}", prefix, e.toString());
        }
    }
}
