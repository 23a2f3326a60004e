package dev.kiln.training;

import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.ImageInput;
import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import dev.kiln.run.spec.Augmentation;
import dev.kiln.run.spec.TrainingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the engine needs to train one run, already encoded.
 *
 * @param classes number of classes (1 for regression)
 */
public record TrainingJob(UUID runId, ModelSpec model, Task task, int classes, Data data, TrainingSpec spec,
                          Control control, InputLayout layout, Optional<Teacher> teacher) {

    public TrainingJob {
        layout = layout != null ? layout : InputLayout.of(data.images() != null ? data.images().shape()
                : new int[] {data.train().width()});
        teacher = teacher == null ? Optional.empty() : teacher;
    }

    public TrainingJob(UUID runId, ModelSpec model, Task task, int classes, Data data, TrainingSpec spec,
                       Control control, InputLayout layout) {
        this(runId, model, task, classes, data, spec, control, layout, Optional.empty());
    }

    /** This job distilling from {@code teacher}. */
    public TrainingJob withTeacher(Teacher other) {
        return new TrainingJob(runId, model, task, classes, data, spec, control, layout, Optional.of(other));
    }

    /**
     * A trained classifier the run learns from (knowledge distillation): its network, the training rows as its own
     * preprocessing encodes them (in the training split's order), its parameters, and how its outputs are softened.
     */
    public record Teacher(ModelSpec model, InputLayout layout, float[] features, CheckpointSource parameters,
                          double temperature, double alpha) {}

    /** A job whose input is read whole (no input layers reading columns). */
    public TrainingJob(UUID runId, ModelSpec model, Task task, int classes, Data data, TrainingSpec spec,
                       Control control) {
        this(runId, model, task, classes, data, spec, control, null);
    }

    public EncodedRows train() {
        return data.train();
    }

    public Optional<EncodedRows> validation() {
        return data.validation();
    }

    public Optional<EncodedRows> test() {
        return data.test();
    }

    public double targetScale() {
        return data.targetScale();
    }

    /** What the network takes per sample: (features) for a table, (channels, height, width) for images. */
    public int[] inputShape() {
        return layout.shape();
    }

    public Cancellation cancellation() {
        return control.cancellation();
    }

    /**
     * The encoded splits.
     *
     * @param targetScale regression: the training target's standard deviation, to report errors in original units
     * @param classLabels classification: the labels of the class indices (empty for regression)
     * @param classWeights classification: the training loss's weight per class index, or null for none
     * @param images image runs: the images' shape and pixel scaling (the rows hold their bytes); null for tables
     * @param augmentation image runs: random changes to training images, or null for none
     * @param ranking ranking runs: the negatives' sampler and the held-out users; null for other runs (the
     *     training rows are then the positives, each epoch's rows the sampler's)
     */
    public record Data(EncodedRows train, Optional<EncodedRows> validation, Optional<EncodedRows> test,
                       double targetScale, java.util.List<String> classLabels, double[] classWeights,
                       ImageInput images, Augmentation augmentation, dev.kiln.interaction.RankingData ranking) {
        public Data(EncodedRows train, Optional<EncodedRows> validation, Optional<EncodedRows> test,
                    double targetScale, java.util.List<String> classLabels, double[] classWeights,
                    ImageInput images, Augmentation augmentation) {
            this(train, validation, test, targetScale, classLabels, classWeights, images, augmentation, null);
        }

        public Data(EncodedRows train, Optional<EncodedRows> validation, Optional<EncodedRows> test,
                    double targetScale, java.util.List<String> classLabels, double[] classWeights) {
            this(train, validation, test, targetScale, classLabels, classWeights, null, null);
        }

        public Data(EncodedRows train, Optional<EncodedRows> validation, Optional<EncodedRows> test,
                    double targetScale) {
            this(train, validation, test, targetScale, java.util.List.of(), null);
        }
    }

    /**
     * How the run is steered while it trains.
     *
     * @param checkpointEvery a checkpoint is written after every this many epochs (and after the last)
     * @param deadline when the run's {@code maxRuntime} runs out, if it has one
     * @param resume the checkpoint to continue from, when the run was interrupted before
     * @param initFrom a warm start: the weights to begin with (ignored when resuming)
     */
    public record Control(Cancellation cancellation, int checkpointEvery, Optional<Instant> deadline,
                          Optional<Resume> resume, Optional<CheckpointSource> initFrom) {
        public Control(Cancellation cancellation, int checkpointEvery, Optional<Instant> deadline,
                       Optional<Resume> resume) {
            this(cancellation, checkpointEvery, deadline, resume, Optional.empty());
        }

        public static Control plain(Cancellation cancellation) {
            return new Control(cancellation, 1, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A checkpoint to continue from: epochs completed, batches completed of the next epoch, and its content; and
     * the best epoch's checkpoint, for runs that restore their best weights at the end.
     */
    public record Resume(int epoch, int batch, CheckpointSource source, Optional<CheckpointSource> best) {
        public Resume(int epoch, int batch, CheckpointSource source) {
            this(epoch, batch, source, Optional.empty());
        }
    }

    /** Opens a checkpoint's content (verified against its sha256 as it is read). */
    @FunctionalInterface
    public interface CheckpointSource {
        InputStream open() throws IOException;
    }
}
