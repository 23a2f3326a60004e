package dev.kiln.dataset;

import dev.kiln.access.Quotas;
import dev.kiln.access.Tenancy;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Names;
import dev.kiln.domain.PayloadTooLarge;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import java.io.BufferedInputStream;
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

    /** Starts receiving an upload into a new dataset of the caller's project (422 when it holds its limit). */
    Received receive() {
        UUID project = tenancy.projectForNew();
        checkDatasetCount(project);
        return new Received(UUID.randomUUID(), project);
    }

    /**
     * Streams one part of an upload to storage as it arrives (sha256 on the way; 413 as soon as it passes
     * kiln.datasets.max-upload-size): {@code file} (a ZIP archive, recognised by its content, or CSV), {@code images}
     * or {@code labels} (IDX).
     */
    void store(Received upload, String part, String rawFileName, InputStream content) throws IOException {
        String fileName = Names.fileName(rawFileName, 500);
        // refused (413) as soon as the part passes the upload limit, not after all of it was stored
        var in = new BufferedInputStream(new dev.kiln.storage.LimitedInputStream(content,
                settings.maxUploadSize().toBytes(), () -> tooLarge(settings.maxUploadSize())), 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        boolean zip = magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && (magic[2] == 3 && magic[3] == 4
                || magic[2] == 5 && magic[3] == 6);
        String key = switch (part) {
            case "file" -> zip ? "archive.zip" : "data.csv";
            case "images" -> "images.idx";
            case "labels" -> "labels.idx";
            default -> throw new IllegalArgumentException("not an upload part: " + part);
        };
        StoredBlob blob = blobs.write(upload.prefix() + "/" + key, in);
        upload.files.put(part, new Received.File(fileName, blob, zip));
        checkSize(blob, part);
    }

    /**
     * Makes a dataset of what was received: a CSV file, a ZIP of class folders, or an IDX pair. Parts or options
     * that do not go together are refused (422 naming them).
     */
    Dataset finish(Received upload, String name, ImageOptions options) {
        var file = upload.files.get("file");
        var images = upload.files.get("images");
        var labels = upload.files.get("labels");
        if (images != null || labels != null) {
            if (file != null) {
                throw new InvalidRequest("file", "send either 'file' (CSV or ZIP) or 'images' + 'labels' (IDX), not both");
            }
            if (images == null || labels == null) {
                throw new InvalidRequest(images == null ? "images" : "labels", "an IDX upload needs both parts, "
                        + "'images' and 'labels'");
            }
            return uploadIdx(upload, name, images, labels, options);
        }
        if (file == null) {
            throw new InvalidRequest("file", "send the dataset as multipart part 'file' (CSV or ZIP of class "
                    + "folders), or as parts 'images' and 'labels' (IDX)");
        }
        if (options.classNames() != null) {
            throw new InvalidRequest("classNames", file.zip() ? "applies to IDX uploads; in a ZIP archive the class "
                    + "folders' names are the classes" : "applies to IDX uploads ('images' + 'labels')");
        }
        if (file.zip()) {
            return uploadArchive(upload, name, file, options);
        }
        if (file.name() != null && file.name().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            throw new InvalidRequest("file", "the file is named .zip but is not a ZIP archive");
        }
        if (!options.isEmpty()) {
            String field = options.height() != null ? "imageSize" : "colorMode";
            throw new InvalidRequest(field, "applies to image uploads (a ZIP of class folders, or IDX images and "
                    + "labels); this file is read as CSV");
        }
        return uploadCsv(upload, name, file);
    }

    /** Removes whatever a refused or failed upload stored. */
    void discard(Received upload) {
        discard(upload.prefix());
    }

    private Dataset uploadCsv(Received upload, String name, Received.File file) {
        String resolvedName = resolveName(name, file.name());
        return storing(upload.prefix(), () -> {
            StoredBlob blob = file.blob();
            checkStoredBytes(upload.project(), blob.size());
            CsvProfiling.Result profiled;
            try (InputStream in = blobs.read(blob.key(), blob.sha256())) {
                profiled = CsvProfiling.profile(in, settings.distinctCap(), settings.topValues());
            }
            StoredBlob table = writeTable(upload.prefix() + "/table.bin", blob, profiled);
            return datasets.save(new Dataset(upload.id(), upload.project(), resolvedName, file.name(), "csv",
                    blob.size(), blob.sha256(), profiled.dialect().delimiter(), blob.key(), table, profiled.profile(),
                    clock.instant()));
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

    /** Checks a stored ZIP of class folders, decodes its images once and profiles them. */
    private Dataset uploadArchive(Received upload, String name, Received.File file, ImageOptions options) {
        String resolvedName = resolveName(name, file.name());
        var limits = settings.images();
        return storing(upload.prefix(), () -> {
            StoredBlob archive = file.blob();
            checkStoredBytes(upload.project(), archive.size());
            var report = new ImageUpload(ImageArchive.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(upload.prefix() + "/pixels.bin", out -> {
                try (var channel = blobs.openChannel(archive.key())) {
                    index[0] = new ImageArchive(limits).read(channel, options, report, out);
                }
            });
            return saveImages(upload, resolvedName, file.name(), ImageArchive.SOURCE, archive.size(), archive, null,
                    pixels, index[0], report);
        });
    }

    /** Checks a stored IDX pair (images and labels, each optionally gzipped) and decodes it once. */
    private Dataset uploadIdx(Received upload, String name, Received.File images, Received.File labels,
                              ImageOptions options) {
        String fileName = images.name();
        String resolvedName = resolveName(name, fileName == null ? null
                : fileName.replaceFirst("(?i)(\\.gz)$", "").replaceFirst("(?i)[-_.]?(images?)?[-_.]?idx\\d?[-_.]?u?byte$", ""));
        var limits = settings.images();
        return storing(upload.prefix(), () -> {
            StoredBlob imagesBlob = images.blob();
            StoredBlob labelsBlob = labels.blob();
            checkStoredBytes(upload.project(), imagesBlob.size() + labelsBlob.size());
            var report = new ImageUpload(IdxFiles.SOURCE, limits.listedSkips());
            var index = new ImageSetFile.Index[1];
            StoredBlob pixels = blobs.write(upload.prefix() + "/pixels.bin", out -> {
                try (InputStream i = blobs.read(imagesBlob.key(), imagesBlob.sha256());
                     InputStream l = blobs.read(labelsBlob.key(), labelsBlob.sha256())) {
                    index[0] = IdxFiles.read(i, l, options, limits, report, out);
                }
            });
            return saveImages(upload, resolvedName, fileName, IdxFiles.SOURCE,
                    imagesBlob.size() + labelsBlob.size(), imagesBlob, labelsBlob, pixels, index[0], report);
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
            throw tooLarge(settings.maxUploadSize());
        }
        if (blob.size() == 0) {
            throw new InvalidRequest(field, "the file is empty");
        }
    }

    private Dataset saveImages(Received received, String name, String fileName, String format, long size,
                               StoredBlob upload,
                               StoredBlob labels, StoredBlob pixels, ImageSetFile.Index index, ImageUpload report)
            throws IOException {
        StoredBlob indexBlob = blobs.write(received.prefix() + "/images.bin",
                out -> ImageSetFile.writeIndex(out, index, pixels.sha256(), pixels.size()));
        ImageProfile images = report.profile(index);
        List<ValueCount> classes = images.classes();
        List<ValueCount> top = classes.stream().sorted((a, b) -> Long.compare(b.count(), a.count()))
                .limit(settings.topValues()).toList();
        var label = new ColumnProfile(DatasetProfile.LABEL, ColumnType.CATEGORICAL, 0, classes.size(), false, null,
                null, null, null, null, top, classes.size() <= ColumnProfile.LEVELS_LIMIT ? classes : null);
        var profile = new DatasetProfile(index.count(), List.of(label), images);
        return datasets.save(Dataset.images(received.id(), received.project(), name, fileName, format, size, upload,
                labels, indexBlob,
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

    /** An upload being received: its files, stored under the new dataset's prefix as their parts arrived. */
    static final class Received {
        /** A stored part: the file's name as sent, its blob, and whether it is a ZIP archive. */
        record File(String name, StoredBlob blob, boolean zip) {}

        private final UUID id;
        private final UUID project;
        private final java.util.Map<String, File> files = new java.util.HashMap<>();

        private Received(UUID id, UUID project) {
            this.id = id;
            this.project = project;
        }

        UUID id() {
            return id;
        }

        UUID project() {
            return project;
        }

        String prefix() {
            return "datasets/" + id;
        }
    }

    private static PayloadTooLarge tooLarge(DataSize limit) {
        return new PayloadTooLarge("the upload is larger than the limit of " + Sizes.human(limit)
                + " (kiln.datasets.max-upload-size)");
    }
}
