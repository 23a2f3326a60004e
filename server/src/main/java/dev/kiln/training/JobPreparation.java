package dev.kiln.training;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.ImageSet;
import dev.kiln.dataset.Table;
import dev.kiln.feature.DataSplit;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.ImageInput;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Reads a run's data, splits it, fits the preprocessing on the training split and encodes every part. */
@Component
class JobPreparation {
    private final DatasetCatalog datasets;
    private final dev.kiln.run.RunHistory runs;
    private final CheckpointStore checkpoints;

    JobPreparation(DatasetCatalog datasets, dev.kiln.run.RunHistory runs, CheckpointStore checkpoints) {
        this.datasets = datasets;
        this.runs = runs;
        this.checkpoints = checkpoints;
    }

    /** A job ready to train, its fitted preprocessing, and what the run should know about its data. */
    record Prepared(TrainingJob job, FeaturePipeline pipeline, String datasetSha256, List<String> warnings) {}

    Prepared prepare(Run run, TrainingJob.Control control) {
        ModelSpec model = run.getModelSpec().orElseThrow(() -> new TrainingFailed("the run's model definition was "
                + "deleted before Kiln kept a copy of it with the run"));
        Dataset dataset = dataset(run.getDatasetId());
        if (dataset.isImages()) {
            return prepareImages(run, model, dataset, control);
        }
        if (run.getTask().isRecommendation()) {
            var interactions = new InteractionPreparation(run);
            return interactions.prepare(model, datasets.readTable(dataset.getId(), interactions.columns(true)),
                    dataset.getSha256(), id -> datasets.readTable(dataset(id).getId(), interactions.columns(false)),
                    control);
        }
        List<String> columns = new ArrayList<>(run.getFeatures());
        columns.add(run.getTarget());
        Table table = datasets.readTable(dataset.getId(), columns);
        List<String> labels = run.getTask().isClassification() ? classLabels(dataset, run.getTarget()) : null;

        int[] rows;
        int[] classes = null;
        var hp = run.getSpec();
        if (labels != null) {
            var labelling = new FeaturePipeline(null, List.of(), new TargetEncoder.Classes(run.getTarget(), labels));
            int[] all = labelling.classIndices(table);
            rows = java.util.stream.IntStream.range(0, all.length).filter(r -> all[r] >= 0).toArray();
            classes = java.util.Arrays.stream(rows).map(r -> all[r]).toArray();
        } else {
            rows = new FeaturePipeline(null, List.of(), new TargetEncoder.Standardized(run.getTarget(), 0, 1))
                    .rowsWithTarget(table);
        }
        if (rows.length < 2) {
            throw new TrainingFailed("the dataset has fewer than 2 rows with a value in target column '"
                    + run.getTarget() + "'");
        }
        DataSplit split = DataSplit.of(rows, classes, hp.validationSplit(), hp.seed());
        FeaturePipeline fitted = FeaturePipeline.fit(table, split.train(), run.getFeatures(), run.getTarget(), labels,
                hp.preprocessing());
        if (fitted.width() == 0) {
            throw new TrainingFailed("the features encode to no inputs: every feature column is empty in the "
                    + "training split");
        }
        EncodedRows train = fitted.encode(table, split.train());
        FeaturePipeline pipeline = fitted.withTrainingMeans(train);
        Optional<EncodedRows> validation = hp.validationDatasetId() != null
                ? Optional.of(encodeOther(hp.validationDatasetId(), columns, pipeline))
                : split.validation().length == 0 ? Optional.empty()
                : Optional.of(pipeline.encode(table, split.validation()));
        Optional<EncodedRows> test = Optional.ofNullable(run.getTestDatasetId())
                .map(id -> encodeOther(id, columns, pipeline));
        double targetScale = pipeline.target() instanceof TargetEncoder.Standardized s ? s.std() : 1.0;
        int outputs = labels == null ? 1 : labels.size();
        double[] classWeights = labels == null || hp.classWeights() == null ? null
                : hp.classWeights().resolve(labels, counts(train, labels.size()));
        var data = new TrainingJob.Data(train, validation, test, targetScale, labels == null ? List.of() : labels,
                classWeights);
        var job = new TrainingJob(run.getId(), model, run.getTask(), outputs, data, hp, control, pipeline.layout());
        if (hp.distillation() != null) {
            job = job.withTeacher(teacher(hp.distillation(), table, split.train(), labels));
        }
        return new Prepared(job, pipeline, dataset.getSha256(), missingClasses(validation, labels));
    }

    /**
     * An image run: the stored images split (stratified), the per-channel statistics fitted on the training split
     * when the run normalizes, and every part kept as bytes; a test set's classes mapped onto the training classes.
     */
    private Prepared prepareImages(Run run, ModelSpec model, Dataset dataset, TrainingJob.Control control) {
        ImageSet images = datasets.readImages(dataset.getId());
        List<String> labels = images.classes();
        var hp = run.getSpec();
        int[] all = java.util.stream.IntStream.range(0, images.count()).toArray();
        if (all.length < 2) {
            throw new TrainingFailed("the dataset has fewer than 2 images");
        }
        DataSplit split = DataSplit.of(all, images.labels(), hp.validationSplit(), hp.seed());
        var shape = images.shape();
        ImageInput input = new ImageInput(shape.channels(), shape.height(), shape.width(), null, null);
        if (hp.preprocessing().normalizesImages()) {
            input = input.fitted(images.pixels(), split.train());
        }
        EncodedRows train = gather(images, split.train(), images.labels());
        Optional<EncodedRows> validation = hp.validationDatasetId() != null
                ? Optional.of(testImages(hp.validationDatasetId(), images, labels))
                : split.validation().length == 0 ? Optional.empty()
                : Optional.of(gather(images, split.validation(), images.labels()));
        Optional<EncodedRows> test = Optional.ofNullable(run.getTestDatasetId()).map(id -> testImages(id, images, labels));
        double[] classWeights = hp.classWeights() == null ? null
                : hp.classWeights().resolve(labels, counts(train, labels.size()));
        var data = new TrainingJob.Data(train, validation, test, 1.0, labels, classWeights, input,
                hp.augmentation());
        var job = new TrainingJob(run.getId(), model, run.getTask(), labels.size(), data, hp, control);
        var pipeline = FeaturePipeline.forImages(hp.preprocessing(), run.getTarget(), labels, input);
        return new Prepared(job, pipeline, dataset.getSha256(), missingClasses(validation, labels));
    }

    /**
     * The teacher a run distils from, with the training rows encoded by the teacher's own preprocessing; a teacher
     * that is gone or no longer fits fails the run with the reason.
     */
    private TrainingJob.Teacher teacher(dev.kiln.run.spec.Distillation distillation, Table table, int[] train,
                                        List<String> labels) {
        Run teacher = runs.find(distillation.teacherRunId()).orElseThrow(() -> new TrainingFailed("distillation: "
                + "the teacher run " + distillation.teacherRunId() + " no longer exists"));
        FeaturePipeline pipeline = teacher.getPreprocessing();
        if (teacher.getModel().isEmpty() || teacher.getModelSpec().isEmpty() || pipeline == null
                || !(pipeline.target() instanceof TargetEncoder.Classes classes) || !classes.labels().equals(labels)) {
            throw new TrainingFailed("distillation: the teacher run " + teacher.getId() + " has no model, or its "
                    + "classes differ from this run's " + labels);
        }
        return new TrainingJob.Teacher(teacher.getModelSpec().get(), pipeline.layout(),
                pipeline.encodeFeatures(table, train), checkpoints.source(teacher.getModel().get()),
                distillation.temperature(), distillation.alpha());
    }

    /** A warning when the validation data lacks some of the classes (its per-class metrics then describe fewer). */
    static List<String> missingClasses(Optional<EncodedRows> validation, List<String> labels) {
        if (labels == null || validation.isEmpty()) {
            return List.of();
        }
        boolean[] present = new boolean[labels.size()];
        for (float target : validation.get().targets()) {
            present[(int) target] = true;
        }
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < present.length; c++) {
            if (!present[c]) {
                missing.add(labels.get(c));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of("the validation data holds " + (labels.size() - missing.size()) + " of the " + labels.size()
                + " classes (missing: " + String.join(", ", missing.size() > 10 ? missing.subList(0, 10) : missing)
                + (missing.size() > 10 ? ", …" : "") + "); val_ metrics that need every class (auc, macro averages) "
                + "describe only those present — raise hyperparameters.validationSplit or give a validationDatasetId");
    }

    /** Another table (test or validation data) through the preprocessing fitted on the training split. */
    private EncodedRows encodeOther(UUID id, List<String> columns, FeaturePipeline pipeline) {
        Table other = datasets.readTable(dataset(id).getId(), columns);
        return pipeline.encode(other, pipeline.rowsWithTarget(other));
    }

    /** Other images (test or validation data), their classes mapped onto the training classes. */
    private EncodedRows testImages(UUID id, ImageSet train, List<String> labels) {
        ImageSet test = datasets.readImages(dataset(id).getId());
        if (!test.shape().equals(train.shape())) {
            throw new TrainingFailed("the test images are " + test.shape() + ", the training images " + train.shape());
        }
        int[] mapped = new int[test.count()];
        for (int i = 0; i < mapped.length; i++) {
            String name = test.classes().get(test.labels()[i]);
            mapped[i] = labels.indexOf(name);
            if (mapped[i] < 0) {
                throw new TrainingFailed("the test images have class '" + name + "', which the training images lack");
            }
        }
        return gather(test, java.util.stream.IntStream.range(0, test.count()).toArray(), mapped);
    }

    /** The given images, their bytes one after another, with their class indices as targets. */
    static EncodedRows gather(ImageSet images, int[] rows, int[] classes) {
        int size = images.shape().size();
        byte[] pixels = new byte[rows.length * size];
        float[] targets = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(images.pixels(), rows[i] * size, pixels, i * size, size);
            targets[i] = classes[rows[i]];
        }
        return EncodedRows.images(pixels, targets, rows.length, size);
    }

    private static long[] counts(EncodedRows rows, int classes) {
        long[] counts = new long[classes];
        for (float target : rows.targets()) {
            counts[(int) target]++;
        }
        return counts;
    }

    private Dataset dataset(UUID id) {
        return datasets.find(id).orElseThrow(() -> new TrainingFailed("dataset " + id + " no longer exists"));
    }

    private static List<String> classLabels(Dataset dataset, String target) {
        return dataset.getProfile().column(target).flatMap(ColumnProfile::levels)
                .orElseThrow(() -> new TrainingFailed("target column '" + target + "' has too many distinct values "
                        + "for classification"));
    }
}
