package dev.kiln.explain;

import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.Table;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.Violation;
import dev.kiln.feature.DataSplit;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.inference.Inference;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Permutation importance jobs: checked and queued ({@link ImportanceQueue}), computed on a worker, kept per run. The
 * same request (run, dataset, metric, repeats, seed) is answered by the job that already has it, unless that failed.
 */
@Service
public class Importance {
    private static final Logger log = LoggerFactory.getLogger(Importance.class);
    static final int DEFAULT_REPEATS = 5;
    static final int MAX_REPEATS = 100;

    private final ImportanceJobRepository jobs;
    private final ImportanceQueue queue;
    private final Inference inference;
    private final RunHistory runs;
    private final DatasetCatalog datasets;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Importance(ImportanceJobRepository jobs, ImportanceQueue queue, Inference inference, RunHistory runs,
               DatasetCatalog datasets, TransactionTemplate transactions, Clock clock) {
        this.jobs = jobs;
        this.queue = queue;
        this.inference = inference;
        this.runs = runs;
        this.datasets = datasets;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A permutation importance job as callers see it. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ImportanceJob")
    public record JobResponse(UUID id, UUID runId,
                              @io.swagger.v3.oas.annotations.media.Schema(description = "the dataset shuffled on; "
                                      + "null: the run's validation split") @Nullable UUID datasetId,
                              String metric, int repeats, long seed, ImportanceJob.Status status,
                              @Nullable String error, java.time.Instant createdAt, java.time.@Nullable Instant finishedAt,
                              @io.swagger.v3.oas.annotations.media.Schema(description = "once it SUCCEEDED")
                              PermutationImportance.@Nullable Result result) {
        static JobResponse of(ImportanceJob j) {
            return new JobResponse(j.id(), j.runId(), j.datasetId(), j.metric(), j.repeats(), j.seed(), j.status(),
                    j.error(), j.createdAt(), j.finishedAt(), j.result());
        }
    }

    /** What a request resolves to before its rows are looked at: the metric, and what a dataset must hold. */
    private record Checked(MetricSpec metric, DatasetRequirements requirements) {}

    /** A job and whether this request created it (false: an identical one already had it). */
    public record Submitted(JobResponse job, boolean created) {}

    /**
     * Checks the request and queues a job, or returns the identical job already kept. {@code datasetId} null: the
     * run's test dataset, else its validation dataset, else its validation split.
     */
    public Submitted submit(UUID runId, @Nullable UUID datasetId, @Nullable Integer repeats, @Nullable MetricSpec metric,
                     @Nullable Long seed) {
        int resolvedRepeats = repeats == null ? DEFAULT_REPEATS : repeats;
        if (resolvedRepeats < 1 || resolvedRepeats > MAX_REPEATS) {
            throw new InvalidRequest("repeats", "must be between 1 and " + MAX_REPEATS + " (default "
                    + DEFAULT_REPEATS + "); got " + resolvedRepeats);
        }
        long resolvedSeed = seed == null ? 0 : seed;
        Checked checked = inference.use(runId, 0, model -> {
            FeaturePipeline pipeline = model.pipeline();
            if (pipeline.images() != null || model.task().isRecommendation()) {
                throw new InvalidRequest("id", "permutation importance shuffles the columns of a table; run " + runId
                        + " is " + (pipeline.images() != null ? "an image run: explain its predictions with POST "
                        + "/runs/{id}/explain/images" : "a " + model.task().json() + " run"));
            }
            int classes = pipeline.target() instanceof TargetEncoder.Classes c ? c.labels().size() : 0;
            MetricSpec resolved = metric != null ? metric : MetricSpec.named(classes > 0 ? "accuracy" : "r2");
            String problem = resolved.problem(classes);
            if (problem != null) {
                throw new InvalidRequest("metric", problem);
            }
            return new Checked(resolved, DatasetRequirements.of(pipeline));
        });
        MetricSpec resolvedMetric = checked.metric();
        Run run = runs.get(runId);
        UUID source = datasetId != null ? datasetId : defaultDataset(run);
        if (source != null) {
            var dataset = datasets.find(source).orElseThrow(() -> new InvalidRequest("datasetId",
                    "no dataset with id " + source));
            List<Violation> violations = dataset.isImages()
                    ? List.of(new Violation("datasetId", "is an image dataset; the run reads a table"))
                    : checked.requirements().check(dataset.getProfile(), "datasetId");
            if (!violations.isEmpty()) {
                throw new InvalidRequest(violations);
            }
        }
        return transactions.execute(status -> {
            for (ImportanceJob kept : jobs.findByRunIdOrderByCreatedAtDesc(runId)) {
                if (kept.status() != ImportanceJob.Status.FAILED && Objects.equals(kept.datasetId(), source)
                        && kept.metric().equals(resolvedMetric.key()) && kept.repeats() == resolvedRepeats
                        && kept.seed() == resolvedSeed) {
                    return new Submitted(JobResponse.of(kept), false);
                }
            }
            if (source != null && datasets.lockForUse(source).isEmpty()) {
                throw new InvalidRequest("datasetId", "no dataset with id " + source + " (it was deleted)");
            }
            ImportanceJob job = jobs.save(new ImportanceJob(UUID.randomUUID(), run.getProjectId(), runId, source,
                    resolvedMetric.key(), resolvedRepeats, resolvedSeed, clock.instant()));
            queue.schedule(job.id());
            return new Submitted(JobResponse.of(job), true);
        });
    }

    /** The run's test dataset, else its validation dataset, else null for its validation split (422 if none). */
    private static @Nullable UUID defaultDataset(Run run) {
        if (run.getTestDatasetId() != null) {
            return run.getTestDatasetId();
        }
        if (run.getSpec().validationDatasetId() != null) {
            return run.getSpec().validationDatasetId();
        }
        if (run.getSpec().validationSplit() > 0) {
            return null;
        }
        throw new InvalidRequest("datasetId", "run " + run.getId() + " has no test dataset and held out no "
                + "validation rows: name the dataset to shuffle columns on");
    }

    public JobResponse find(UUID runId, UUID jobId) {
        inference.use(runId, 0, model -> model);
        return jobs.findById(jobId).filter(j -> j.runId().equals(runId)).map(JobResponse::of)
                .orElseThrow(() -> new NotFound("importance job", jobId));
    }

    /** The run's latest job (for {@code datasetId} when given). */
    public JobResponse latest(UUID runId, @Nullable UUID datasetId) {
        inference.use(runId, 0, model -> model);
        return jobs.findByRunIdOrderByCreatedAtDesc(runId).stream()
                .filter(j -> datasetId == null || datasetId.equals(j.datasetId())).findFirst().map(JobResponse::of)
                .orElseThrow(() -> new NotFound("importance of run", runId));
    }

    /** Computes one queued job (on a thread of {@link ImportanceQueue}). */
    void compute(UUID jobId) {
        ImportanceJob job = jobs.findById(jobId).orElse(null);
        if (job == null || job.status() != ImportanceJob.Status.QUEUED && job.status() != ImportanceJob.Status.RUNNING) {
            return;
        }
        update(job.id(), ImportanceJob::start);
        try {
            Run run = runs.get(job.runId());
            var result = inference.use(job.runId(), 0, model -> {
                FeaturePipeline pipeline = model.pipeline();
                EncodedRows encoded = rows(run, pipeline, job.datasetId());
                if (encoded.rows() == 0) {
                    throw new InvalidRequest("datasetId", "no row has a known value in the target column");
                }
                double scale = pipeline.target() instanceof TargetEncoder.Standardized s ? s.std() : 1.0;
                MetricSpec metric = run.getSpec().metrics().stream().filter(m -> m.key().equals(job.metric()))
                        .findFirst().orElse(MetricSpec.named(job.metric()));
                return PermutationImportance.compute(model.network(), pipeline, model.task(), encoded, metric, scale,
                        job.repeats(), job.seed());
            });
            update(job.id(), j -> j.succeed(result, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Importance job {} failed", jobId, e);
            String reason = e instanceof InvalidRequest || e instanceof dev.kiln.domain.Conflict
                    || e instanceof NotFound ? e.getMessage()
                    : "the job stopped on an error in Kiln; the details are in the server's log under this job's id";
            update(job.id(), j -> j.fail(reason, clock.instant()));
        }
    }

    /** The rows the job shuffles: a dataset's rows with a target, or the run's validation split of its dataset. */
    private EncodedRows rows(Run run, FeaturePipeline pipeline, @Nullable UUID datasetId) {
        List<String> columns = new ArrayList<>(pipeline.features().stream().map(FeatureEncoder::column).toList());
        columns.add(pipeline.target().column());
        if (datasetId != null) {
            Table table = datasets.readTable(datasetId, columns);
            return pipeline.encode(table, pipeline.rowsWithTarget(table));
        }
        Table table = datasets.readTable(run.getDatasetId(), columns);
        int[] rows = pipeline.rowsWithTarget(table);
        int[] classes = null;
        if (pipeline.isClassification()) {
            int[] all = pipeline.classIndices(table);
            classes = java.util.Arrays.stream(rows).map(r -> all[r]).toArray();
        }
        DataSplit split = DataSplit.of(rows, classes, run.getSpec().validationSplit(), run.getSpec().seed());
        return pipeline.encode(table, split.validation());
    }

    private void update(UUID jobId, java.util.function.Consumer<ImportanceJob> change) {
        transactions.executeWithoutResult(status -> {
            ImportanceJob fresh = jobs.findById(jobId).orElseThrow();
            change.accept(fresh);
            jobs.save(fresh);
        });
    }
}
