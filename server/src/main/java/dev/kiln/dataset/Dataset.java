package dev.kiln.dataset;

import dev.kiln.persistence.JsonColumn;
import dev.kiln.storage.StoredBlob;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/** An uploaded dataset: immutable once stored. */
@Entity
@Table(name = "datasets")
public class Dataset {
    @Id
    private UUID id;
    private UUID projectId;
    private String name;
    private String fileName;
    private String format;
    private long sizeBytes;
    private String sha256;
    private long rowCount;
    private String delimiter;
    private String storageKey;
    private String tableKey;
    private String tableSha256;
    private String labelsKey;
    private String labelsSha256;
    @Convert(converter = ProfileColumn.class)
    @Column(name = "profile")
    private DatasetProfile profile;
    private Instant createdAt;

    protected Dataset() {}

    Dataset(UUID id, UUID projectId, String name, String fileName, String format, long sizeBytes, String sha256,
            char delimiter, String storageKey, StoredBlob table, DatasetProfile profile, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.name = name;
        this.fileName = fileName;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256;
        this.rowCount = profile.rows();
        this.delimiter = String.valueOf(delimiter);
        this.storageKey = storageKey;
        this.tableKey = table == null ? null : table.key();
        this.tableSha256 = table == null ? null : table.sha256();
        this.profile = profile;
        this.createdAt = createdAt;
    }

    /**
     * An image dataset: {@code storageKey}/{@code sha256} name the upload (the archive, or the IDX images file,
     * with the IDX labels file in {@code labels}); {@code index} is the training-ready form's index.
     */
    static Dataset images(UUID id, UUID projectId, String name, String fileName, String format, long sizeBytes,
                          StoredBlob upload, StoredBlob labels, StoredBlob index, DatasetProfile profile,
                          Instant createdAt) {
        Dataset d = new Dataset();
        d.id = id;
        d.projectId = projectId;
        d.name = name;
        d.fileName = fileName;
        d.format = format;
        d.sizeBytes = sizeBytes;
        d.sha256 = upload.sha256();
        d.rowCount = profile.rows();
        d.storageKey = upload.key();
        d.labelsKey = labels == null ? null : labels.key();
        d.labelsSha256 = labels == null ? null : labels.sha256();
        d.tableKey = index.key();
        d.tableSha256 = index.sha256();
        d.profile = profile;
        d.createdAt = createdAt;
        return d;
    }

    public UUID getId() {
        return id;
    }

    /** The project the dataset belongs to. */
    public UUID getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public String getFileName() {
        return fileName;
    }

    public String getFormat() {
        return format;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public String getSha256() {
        return sha256;
    }

    public long getRowCount() {
        return rowCount;
    }

    public DatasetProfile getProfile() {
        return profile;
    }

    /** True for a dataset of images (a ZIP of class folders or an IDX pair); false for a table. */
    public boolean isImages() {
        return profile.images() != null;
    }

    /** IDX uploads: the sha256 of the labels file. */
    public String getLabelsSha256() {
        return labelsSha256;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    CsvDialect dialect() {
        return new CsvDialect(delimiter.charAt(0));
    }

    String storageKey() {
        return storageKey;
    }

    /** The training-ready binary form written at upload, when there is one (datasets from before it have none). */
    java.util.Optional<StoredBlob> table() {
        return tableKey == null ? java.util.Optional.empty()
                : java.util.Optional.of(new StoredBlob(tableKey, -1, tableSha256));
    }

    @Converter
    static class ProfileColumn extends JsonColumn<DatasetProfile> {
        ProfileColumn() {
            super(new TypeReference<>() {});
        }
    }
}
