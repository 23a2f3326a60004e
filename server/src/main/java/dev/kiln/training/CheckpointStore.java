package dev.kiln.training;

import dev.kiln.run.CheckpointRef;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoints in the blob store, one file per checkpoint ({@code runs/{id}/checkpoints/{epoch}-{batch}.ckpt}),
 * written atomically and read back verified against the sha256 the run records. A checkpoint counts once the
 * run's row points at it (as its latest, or as its best epoch's weights); one it no longer points at is removed.
 */
@Component
class CheckpointStore {
    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final BlobStore blobs;

    CheckpointStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    CheckpointRef write(UUID runId, int epoch, int batch, TrainingListener.CheckpointWriter writer) {
        try {
            StoredBlob blob = blobs.write("runs/" + runId + "/checkpoints/" + epoch + "-" + batch + ".ckpt",
                    writer::writeTo);
            return new CheckpointRef(blob.key(), blob.sha256(), epoch, batch);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint of run " + runId, e);
        }
    }

    /** The trained model's parameters ({@code runs/{id}/model.ckpt}). */
    CheckpointRef writeModel(UUID runId, TrainingListener.CheckpointWriter writer) {
        return named(runId, "model.ckpt", 0, writer);
    }

    private CheckpointRef named(UUID runId, String name, int epoch, TrainingListener.CheckpointWriter writer) {
        try {
            StoredBlob blob = blobs.write("runs/" + runId + "/" + name, writer::writeTo);
            return new CheckpointRef(blob.key(), blob.sha256(), epoch, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + name + " of run " + runId, e);
        }
    }

    TrainingJob.CheckpointSource source(CheckpointRef checkpoint) {
        return () -> blobs.read(checkpoint.key(), checkpoint.sha256());
    }

    /** Removes a checkpoint that is no longer the run's latest. */
    void discard(CheckpointRef checkpoint) {
        try {
            blobs.delete(checkpoint.key());
        } catch (IOException e) {
            log.warn("Could not remove the superseded checkpoint {}: {}", checkpoint.key(), e.toString());
        }
    }
}
