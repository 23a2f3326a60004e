package dev.kiln.djl;

import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Training listeners for engine tests and benchmarks; this one keeps every checkpoint it is handed. */
final class Listeners implements TrainingListener {
    final List<EpochReport> epochs = new ArrayList<>();
    final List<byte[]> checkpoints = new ArrayList<>();
    String device;
    int threads;
    private final Consumer<EpochReport> onEpoch;

    private Listeners(Consumer<EpochReport> onEpoch) {
        this.onEpoch = onEpoch;
    }

    static Listeners onEpoch(Consumer<EpochReport> onEpoch) {
        return new Listeners(onEpoch);
    }

    static Listeners quiet() {
        return new Listeners(e -> { });
    }

    @Override
    public void started(String device, int threads) {
        this.device = device;
        this.threads = threads;
    }

    @Override
    public void epochEnded(EpochReport report, Optional<CheckpointWriter> checkpoint) {
        epochs.add(report);
        checkpoint.ifPresent(this::keep);
        onEpoch.accept(report);
    }

    @Override
    public void interrupted(int epoch, int batch, CheckpointWriter checkpoint) {
        keep(checkpoint);
    }

    private void keep(CheckpointWriter checkpoint) {
        try {
            var out = new ByteArrayOutputStream();
            checkpoint.writeTo(out);
            checkpoints.add(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] lastCheckpoint() {
        return checkpoints.get(checkpoints.size() - 1);
    }
}
