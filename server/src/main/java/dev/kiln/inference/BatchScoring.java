package dev.kiln.inference;

import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.CsvOutput;
import dev.kiln.dataset.Table;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.storage.BlobStore;
import dev.kiln.storage.StoredBlob;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.Violation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch scoring: a run's model over every row of a dataset, queued in its own queue with its own bounded capacity
 * ({@link ScoringQueue}, so scoring never waits behind training) and written as the dataset's CSV with prediction
 * columns appended.
 */
@Component
class BatchScoring {
    private static final Logger log = LoggerFactory.getLogger(BatchScoring.class);
    private static final int CHUNK = 4096;
    /** Items per user of a recommender run's job when the request leaves k out. */
    static final int TOP_K = 10;

    private final PredictionJobRepository jobs;
    private final DatasetCatalog datasets;
    private final Inference inference;
    private final BlobStore blobs;
    private final ScoringQueue queue;
    private final TransactionTemplate transactions;
    private final Clock clock;

    private final BatchRecommendations recommendations;

    BatchScoring(PredictionJobRepository jobs, DatasetCatalog datasets, Inference inference, BlobStore blobs,
                 ScoringQueue queue, TransactionTemplate transactions, Clock clock,
                 BatchRecommendations recommendations) {
        this.recommendations = recommendations;
        this.jobs = jobs;
        this.datasets = datasets;
        this.inference = inference;
        this.blobs = blobs;
        this.queue = queue;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Checks that the dataset fits the model (the one compatibility check), then queues the job. */
    PredictionJob submit(UUID runId, UUID datasetId) {
        return submit(runId, datasetId, null, null);
    }

    /**
     * A recommender run's job writes each user of the dataset's user column with its top {@code k} (default 10)
     * items; {@code k} and {@code excludeSeen} apply to such runs only.
     */
    PredictionJob submit(UUID runId, UUID datasetId, Integer k, Boolean excludeSeen) {
        TrainedModel model = inference.trainedModel(runId);
        var dataset = datasets.find(datasetId).orElseThrow(() -> new InvalidRequest("datasetId",
                "no dataset with id " + datasetId));
        var catalog = model.pipeline().interactions();
        if (catalog == null && (k != null || excludeSeen != null)) {
            throw new InvalidRequest(k != null ? "k" : "excludeSeen", "applies to the recommendations of a rating or "
                    + "ranking run; run " + runId + " is a " + model.task().json() + " run");
        }
        if (catalog != null && k != null && (k < 1 || k > catalog.items())) {
            throw new InvalidRequest("k", "must be between 1 and the number of items (" + catalog.items() + ")");
        }
        List<Violation> violations = catalog != null
                ? dataset.getProfile().column(catalog.user()).isPresent() ? List.of()
                : List.of(new Violation("datasetId", "the dataset has no user column '" + catalog.user() + "'"))
                : DatasetRequirements.of(model.pipeline()).withoutTarget().check(dataset.getProfile(), "datasetId");
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return transactions.execute(status -> {
            if (datasets.lockForUse(datasetId).isEmpty()) {
                throw new InvalidRequest("datasetId", "no dataset with id " + datasetId + " (it was deleted)");
            }
            PredictionJob job = jobs.save(catalog == null ? new PredictionJob(UUID.randomUUID(), model.projectId(),
                    runId, datasetId, clock.instant()) : new PredictionJob(UUID.randomUUID(), model.projectId(), runId,
                    datasetId, clock.instant(), k == null ? TOP_K : k, excludeSeen == null || excludeSeen));
            queue.schedule(job.id());
            return job;
        });
    }

    PredictionJob find(UUID runId, UUID jobId) {
        inference.trainedModel(runId);
        return jobs.findById(jobId).filter(j -> j.runId().equals(runId))
                .orElseThrow(() -> new NotFound("prediction job", jobId));
    }

    /** Scores one queued job (called on a scoring thread of {@link ScoringQueue}). */
    void score(UUID jobId) {
        PredictionJob job = jobs.findById(jobId).orElse(null);
        if (job == null || job.status() != PredictionJob.Status.QUEUED && job.status() != PredictionJob.Status.RUNNING) {
            return;
        }
        update(job, PredictionJob::start);
        try {
            TrainedModel model = inference.trainedModel(job.runId());
            if (model.pipeline().images() != null) {
                var images = datasets.readImages(job.datasetId());
                float[] outputs = inference.imageOutputs(job.runId(), model.pipeline().images(), images.pixels(),
                        images.count());
                List<Prediction> predictions = Inference.predictions(model, outputs, images.count());
                StoredBlob result = blobs.write("runs/" + job.runId() + "/predictions/" + jobId + ".csv",
                        out -> writeImageCsv(out, images, model, predictions));
                update(job, j -> j.succeed(predictions.size(), result.key(), result.sha256(), clock.instant()));
                return;
            }
            if (job.topK() != null) {
                recommend(job, model);
                return;
            }
            Table table = datasets.readTable(job.datasetId(), model.columns());
            int[] all = java.util.stream.IntStream.range(0, table.rows()).toArray();
            float[] features = model.pipeline().encodeFeatures(table, all);
            List<Prediction> predictions = new ArrayList<>(table.rows());
            int width = model.inputWidth();
            for (int from = 0; from < table.rows(); from += CHUNK) {
                int rows = Math.min(CHUNK, table.rows() - from);
                float[] chunk = java.util.Arrays.copyOfRange(features, from * width, (from + rows) * width);
                predictions.addAll(Inference.predictions(model, inference.outputs(job.runId(), chunk, rows), rows));
            }
            StoredBlob result = blobs.write("runs/" + job.runId() + "/predictions/" + jobId + ".csv",
                    out -> writeCsv(out, job.datasetId(), model, predictions));
            update(job, j -> j.succeed(predictions.size(), result.key(), result.sha256(), clock.instant()));
        } catch (IOException | RuntimeException e) {
            log.warn("Prediction job {} failed", jobId, e);
            String reason = e instanceof dev.kiln.domain.InvalidRequest || e instanceof dev.kiln.domain.Conflict
                    || e instanceof dev.kiln.domain.NotFound ? e.getMessage()
                    : "scoring stopped on an error in Kiln; the details are in the server's log under this job's id";
            update(job, j -> j.fail(reason, clock.instant()));
        }
    }

    /** Each distinct user of the dataset's user column (in order of first appearance) with its top k. */
    private void recommend(PredictionJob job, TrainedModel model) throws IOException {
        String column = model.pipeline().interactions().user();
        Table.Column users = datasets.readTable(job.datasetId(), List.of(column)).column(column);
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        java.util.Arrays.stream(users.labels()).filter(java.util.Objects::nonNull).forEach(distinct::add);
        long[] rows = {0};
        StoredBlob result = blobs.write("runs/" + job.runId() + "/predictions/" + job.id() + ".csv",
                out -> rows[0] = recommendations.write(job.runId(), List.copyOf(distinct), job.topK(),
                        job.excludeSeen(), out));
        update(job, j -> j.succeed(rows[0], result.key(), result.sha256(), clock.instant()));
    }

    private void update(PredictionJob job, java.util.function.Consumer<PredictionJob> change) {
        transactions.executeWithoutResult(status -> {
            PredictionJob fresh = jobs.findById(job.id()).orElseThrow();
            change.accept(fresh);
            jobs.save(fresh);
        });
    }

    /** The dataset's records as read, then the prediction columns: label and probabilities, or the value. */
    private void writeCsv(OutputStream out, UUID datasetId, TrainedModel model, List<Prediction> predictions)
            throws IOException {
        Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        int[] row = {0};
        try (CsvOutput csv = new CsvOutput(writer)) {
            datasets.scanRecords(datasetId, new DatasetCatalog.RecordSink() {
                @Override
                public void header(List<String> header) {
                    List<Object> columns = new ArrayList<>(header);
                    columns.add("prediction");
                    model.labels().forEach(label -> columns.add("probability_" + label));
                    csv.row(columns);
                }

                @Override
                public void record(String[] cells) {
                    Prediction p = predictions.get(row[0]++);
                    List<Object> values = new ArrayList<>(List.of((Object[]) cells));
                    if (p.value() != null) {
                        values.add(p.value());
                    } else {
                        values.add(p.label());
                        model.labels().forEach(label -> values.add(p.probabilities().get(label)));
                    }
                    csv.row(values);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One line per image: its index, source file and class, then the prediction and every class's probability. */
    private static void writeImageCsv(OutputStream out, dev.kiln.dataset.ImageSet images, TrainedModel model,
                                      List<Prediction> predictions) throws IOException {
        Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        try (CsvOutput csv = new CsvOutput(writer)) {
            List<Object> header = new ArrayList<>(List.of("index", "file", "label", "prediction"));
            model.labels().forEach(label -> header.add("probability_" + label));
            csv.row(header);
            for (int i = 0; i < images.count(); i++) {
                Prediction p = predictions.get(i);
                List<Object> values = new ArrayList<>(List.of(i, images.source(i),
                        images.classes().get(images.labels()[i]), p.label()));
                model.labels().forEach(label -> values.add(p.probabilities().get(label)));
                csv.row(values);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The result CSV of a finished job. */
    java.io.InputStream result(PredictionJob job) throws IOException {
        return blobs.read(job.resultKey(), job.resultSha256());
    }
}
