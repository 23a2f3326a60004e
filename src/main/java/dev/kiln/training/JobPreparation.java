package dev.kiln.training;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.Table;
import dev.kiln.feature.DataSplit;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelDefinition;
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
    private final ModelCatalog models;

    JobPreparation(DatasetCatalog datasets, ModelCatalog models) {
        this.datasets = datasets;
        this.models = models;
    }

    record Prepared(TrainingJob job, FeaturePipeline pipeline, String datasetSha256) {}

    Prepared prepare(Run run, TrainingJob.Control control) {
        ModelDefinition model = models.find(run.getModelId())
                .orElseThrow(() -> new TrainingFailed("model " + run.getModelId() + " no longer exists"));
        Dataset dataset = dataset(run.getDatasetId());
        List<String> columns = new ArrayList<>(run.getFeatures());
        columns.add(run.getTarget());
        Table table = datasets.readTable(dataset.getId(), columns);
        List<String> labels = run.getTask().isClassification() ? classLabels(dataset, run.getTarget()) : null;

        int[] rows;
        int[] classes = null;
        var hp = run.getHyperparameters();
        if (labels != null) {
            var labelling = new FeaturePipeline(null, List.of(), new TargetEncoder.Classes(run.getTarget(), labels));
            int[] all = labelling.classIndices(table);
            rows = labelling.rowsWithTarget(table);
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
        FeaturePipeline pipeline = FeaturePipeline.fit(table, split.train(), run.getFeatures(), run.getTarget(), labels,
                run.getPreprocessingOptions());
        if (pipeline.width() == 0) {
            throw new TrainingFailed("the features encode to no inputs: every feature column is empty in the "
                    + "training split");
        }
        EncodedRows train = pipeline.encode(table, split.train());
        Optional<EncodedRows> validation = split.validation().length == 0 ? Optional.empty()
                : Optional.of(pipeline.encode(table, split.validation()));
        Optional<EncodedRows> test = Optional.ofNullable(run.getTestDatasetId()).map(id -> {
            Table testTable = datasets.readTable(dataset(id).getId(), columns);
            return pipeline.encode(testTable, pipeline.rowsWithTarget(testTable));
        });
        double targetScale = pipeline.target() instanceof TargetEncoder.Standardized s ? s.std() : 1.0;
        int outputs = labels == null ? 1 : labels.size();
        double[] classWeights = labels == null || hp.classWeights() == null ? null
                : hp.classWeights().resolve(labels, counts(train, labels.size()));
        var data = new TrainingJob.Data(train, validation, test, targetScale, labels == null ? List.of() : labels,
                classWeights);
        var job = new TrainingJob(run.getId(), model.getSpec(), run.getTask(), outputs, data, hp, control);
        return new Prepared(job, pipeline, dataset.getSha256());
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
