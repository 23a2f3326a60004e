package dev.kiln.run;

import dev.kiln.KilnInstance;
import dev.kiln.access.Quotas;
import dev.kiln.access.Tenancy;
import dev.kiln.domain.TooManyRequests;
import java.time.Duration;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.model.ModelCatalog;
import dev.kiln.domain.NotFound;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import dev.kiln.run.search.RunFilter;
import dev.kiln.run.search.RunIndex;
import dev.kiln.run.search.RunSearch;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The module's entry point: submits runs, answers every query about them, and applies the lifecycle
 * transitions a worker reports. Each method is one short transaction; a transition that loses a race with
 * another writer (a cancel request, say) is retried on fresh state.
 */
@Service
@org.springframework.boot.context.properties.EnableConfigurationProperties(RunLimits.class)
public class RunHistory {
    private final RunRepository runs;
    private final EpochMetricRepository metrics;
    private final DatasetCatalog datasets;
    private final ModelCatalog models;
    private final SubmissionCheck check;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final KilnInstance instance;
    private final Tenancy tenancy;
    private final Quotas quotas;
    private final RunIndex index;
    private final RunSearch search;
    private final RunWrites writes;

    RunHistory(RunRepository runs, EpochMetricRepository metrics, DatasetCatalog datasets, ModelCatalog models,
               ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
               KilnInstance instance, Tenancy tenancy, Quotas quotas, RunLimits limits, RunIndex index,
               RunSearch search) {
        this.index = index;
        this.search = search;
        this.tenancy = tenancy;
        this.quotas = quotas;
        this.runs = runs;
        this.metrics = metrics;
        this.datasets = datasets;
        this.models = models;
        SecureRandom random = new SecureRandom();
        this.check = new SubmissionCheck(datasets, models, () -> random.nextLong() & 0xffff_ffffL, this::find, limits);
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.writes = new RunWrites(runs, transactions, events, index);
        this.clock = clock;
        this.instance = instance;
    }

    /** Checks a submission, stores it QUEUED and announces it — all in one transaction. */
    public Run submit(RunSubmission submission) {
        return submit(submission, null, null);
    }

    /** What a submission would train, without storing anything: 422 naming the field when it cannot. */
    public Checked check(RunSubmission submission, dev.kiln.model.@org.jspecify.annotations.Nullable ModelSpec model) {
        Run.Accepted accepted = check.check(submission, model);
        return new Checked(accepted.projectId(), accepted.spec().epochs(),
                TaskRules.recorded(accepted.spec().metrics(), accepted.spec().validates()));
    }

    /** What a checked submission trains: its project, epochs and the metrics each epoch row records. */
    public record Checked(UUID projectId, int epochs, Set<String> recorded) {}

    /**
     * Submits a run of study {@code studyId}: its trial {@code number}, or its retraining when that is null. Joins the
     * caller's transaction (the study records the trial in it).
     */
    public Run submit(RunSubmission submission, @org.jspecify.annotations.Nullable UUID studyId,
                      @org.jspecify.annotations.Nullable Integer number) {
        Run.Accepted request = check.check(submission);
        int queuedLimit = quotas.of(request.projectId()).maxQueuedRuns();
        if (runs.countByProjectIdAndStatus(request.projectId(), RunStatus.QUEUED) >= queuedLimit) {
            throw new TooManyRequests("the project has " + queuedLimit + " runs waiting in the queue, its limit "
                    + "(kiln.quotas.max-queued-runs); submit again when some have started", Duration.ofSeconds(30));
        }
        return transactions.execute(status -> {
            lockWhatItUses(request);
            Run created = new Run(UUID.randomUUID(), request, clock.instant(), instance.id());
            if (submission.tags() != null) {
                created.retag(submission.tags());
            }
            if (studyId != null) {
                created.joinStudy(studyId, number);
            }
            Run run = runs.saveAndFlush(created);
            writes.announce(run, 0);
            events.publishEvent(new RunSubmitted(run.getId(), run.getPriority()));
            return run;
        });
    }

    /**
     * Locks the datasets and the model a new run uses until it is stored: a delete racing the submission either
     * waits and then finds the run (409), or removed them first and the submission is refused here (422).
     */
    private void lockWhatItUses(Run.Accepted request) {
        java.util.TreeSet<UUID> used = new java.util.TreeSet<>();
        used.add(request.datasetId());
        if (request.testDatasetId() != null) {
            used.add(request.testDatasetId());
        }
        if (request.spec().validationDatasetId() != null) {
            used.add(request.spec().validationDatasetId());
        }
        for (UUID id : used) {
            if (datasets.lockForUse(id).isEmpty()) {
                String field = id.equals(request.datasetId()) ? "datasetId" : id.equals(request.testDatasetId())
                        ? "testDatasetId" : "validationDatasetId";
                throw new dev.kiln.domain.InvalidRequest(field, "no dataset with id " + id + " (it was deleted)");
            }
        }
        if (models.lockForUse(request.modelId()).isEmpty()) {
            throw new dev.kiln.domain.InvalidRequest("modelId", "no model with id " + request.modelId()
                    + " (it was deleted)");
        }
    }

    /** The run, if it exists and the caller may see it (another project's runs do not exist for it). */
    public Optional<Run> find(UUID id) {
        return runs.findById(id).filter(r -> tenancy.scope().allows(r.getProjectId()));
    }

    /** Runs of a project in a status (the workers count a project's running runs against its limit). */
    public long count(UUID projectId, RunStatus status) {
        return runs.countByProjectIdAndStatus(projectId, status);
    }

    /** The run with its status history, read together in one statement (a consistent snapshot). */
    public Run get(UUID id) {
        return transactions.execute(status -> runs.findWithHistory(id)
                .filter(r -> tenancy.scope().allows(r.getProjectId())).orElseThrow(() -> new NotFound("run", id)));
    }

    /**
     * One page of the caller's runs that pass every filter, in {@code order}; the filters come from
     * {@link dev.kiln.run.search.FilterParser} or stand for the plain query parameters.
     */
    public Page<Run> search(List<RunFilter> filters, RunSearch.Order order, Pageable page) {
        var found = search.find(tenancy.scope(), filters, order, page.getPageNumber(), page.getPageSize());
        Map<UUID, Run> loaded = new java.util.HashMap<>();
        runs.findAllById(found.ids()).forEach(r -> loaded.put(r.getId(), r));
        List<Run> ordered = found.ids().stream().map(loaded::get).filter(java.util.Objects::nonNull).toList();
        return new org.springframework.data.domain.PageImpl<>(ordered, page, found.total());
    }

    /** Indexes a run stored before the search index existed. */
    public void reindex(UUID id) {
        transactions.executeWithoutResult(status -> runs.findForUpdate(id).ifPresent(index::refresh));
    }

    /** Every finished epoch of a run, in order. */
    public List<EpochMetric> metrics(UUID runId) {
        if (find(runId).isEmpty()) {
            throw new NotFound("run", runId);
        }
        return metrics.findByRunIdOrderByEpoch(runId);
    }

    /** Every finished epoch of each of {@code runIds} (those the caller may see), by run, in order. */
    public Map<UUID, List<EpochMetric>> metrics(Collection<UUID> runIds) {
        Map<UUID, List<EpochMetric>> byRun = new java.util.LinkedHashMap<>();
        runIds.forEach(id -> byRun.put(id, new java.util.ArrayList<>()));
        if (!runIds.isEmpty()) {
            Set<UUID> visible = new HashSet<>();
            runs.findAllById(runIds).forEach(r -> {
                if (tenancy.scope().allows(r.getProjectId())) {
                    visible.add(r.getId());
                }
            });
            metrics.findByRunIdInOrderByRunIdAscEpochAsc(runIds).forEach(m -> {
                if (visible.contains(m.getRunId())) {
                    byRun.get(m.getRunId()).add(m);
                }
            });
        }
        return byRun;
    }

    /** Sets or (with a null value) removes tags of a run, in any status. */
    public Run retag(UUID id, Map<String, String> changes) {
        if (find(id).isEmpty()) {
            throw new NotFound("run", id);
        }
        return writes.update(id, r -> r.retag(changes));
    }

    /** Adds a line to a run's log (a study's pruning decision, say). */
    public void log(UUID id, RunActivity.Logged.Level level, String message) {
        writes.update(id, r -> { }, new RunActivity.Logged(id, level, message, clock.instant()));
    }

    /** Cancels a queued run at once, or asks a running one to stop at its next batch boundary. */
    public Run cancel(UUID id) {
        if (find(id).isEmpty()) {
            throw new NotFound("run", id);
        }
        Run run = writes.update(id, r -> r.cancel(clock.instant(), instance.id()));
        if (run.getStatus() == RunStatus.RUNNING) {
            events.publishEvent(new RunCancelRequested(id));
        }
        return run;
    }

    // --- transitions reported by workers ------------------------------------------------------------------

    /** A worker takes a queued run; returns the attempt number it must quote in every later update. */
    public int start(UUID id, String reason) {
        return writes.update(id, r -> r.start(clock.instant(), instance.id(), reason)).getAttempts();
    }

    /**
     * A worker takes over a run whose previous worker was lost: epochs recorded after the last checkpoint are
     * removed (they will be trained again), and the run's progress goes back to that checkpoint. Returns the new
     * attempt number, or empty when the run has lost {@code maxLosses} workers already and is failed instead.
     */
    public java.util.OptionalInt resume(UUID id, String reason, int maxLosses) {
        return RunWrites.retrying(() -> transactions.execute(status -> {
            Run run = runs.findForUpdate(id).orElseThrow(() -> new NotFound("run", id));
            int known = run.getHistory().size();
            if (run.getLosses() + 1 >= maxLosses) {
                run.fail(clock.instant(), instance.id(), "the run lost its worker " + (run.getLosses() + 1)
                        + " times (kiln.training.max-attempts is " + maxLosses + ")");
                writes.announce(runs.saveAndFlush(run), known);
                return java.util.OptionalInt.empty();
            }
            int attempt = run.resume(clock.instant(), instance.id(), reason);
            int kept = run.getEpoch();
            metrics.deleteByRunIdAndEpochGreaterThan(id, kept);
            run.restoreLatestMetrics(kept == 0 ? Map.of()
                    : metrics.findById(new EpochMetric.Key(id, kept)).map(EpochMetric::getMetrics).orElse(Map.of()));
            writes.announce(runs.saveAndFlush(run), known);
            return java.util.OptionalInt.of(attempt);
        }));
    }

    /** The worker's instance is stopping: the run goes back to the queue and resumes from its checkpoint. */
    public void requeue(UUID id, int attempt, String reason) {
        writes.update(id, r -> r.requeue(attempt, clock.instant(), instance.id(), reason));
    }

    /** Fails QUEUED runs submitted before {@code cutoff}; returns their ids. */
    public List<UUID> failQueuedBefore(java.time.Instant cutoff, String reason) {
        List<UUID> failed = new java.util.ArrayList<>();
        for (UUID id : runs.findIdsByStatusAndCreatedAtBefore(RunStatus.QUEUED, cutoff)) {
            try {
                Run run = writes.update(id, r -> {
                    if (r.getStatus() == RunStatus.QUEUED) {
                        r.fail(clock.instant(), instance.id(), reason);
                    }
                });
                if (run.getStatus() == RunStatus.FAILED) {
                    failed.add(id);
                }
            } catch (RuntimeException e) {
                // taken by a worker meanwhile: it is no longer waiting
            }
        }
        return failed;
    }

    /** Stores a compressed copy of {@code sourceId} as a SUCCEEDED run with {@code model} for parameters. */
    public Run compressedRun(UUID id, UUID sourceId, CheckpointRef model, Compression compression) {
        return transactions.execute(status -> {
            Run source = runs.findById(sourceId).orElseThrow(() -> new NotFound("run", sourceId));
            return writes.announce(runs.saveAndFlush(Run.compressed(id, source, model, compression,
                    clock.instant(), instance.id())), 0);
        });
    }

    /** Records what a compressed run's calibration rows measured. */
    public void recordCompression(UUID id, Compression measured) {
        transactions.executeWithoutResult(status -> runs.findById(id).orElseThrow(() -> new NotFound("run", id))
                .recordCompression(measured));
    }

    /** Stores a SUCCEEDED run made from an imported artifact. */
    public Run importRun(Run.Imported artifact, String reason) {
        return transactions.execute(status -> writes.announce(runs.saveAndFlush(Run.imported(UUID.randomUUID(), artifact,
                clock.instant(), instance.id(), reason)), 0));
    }

    public void fail(UUID id, int attempt, String reason) {
        writes.update(id, r -> r.fail(attempt, clock.instant(), instance.id(), reason));
    }

    public void acknowledgeCancel(UUID id, int attempt) {
        writes.update(id, r -> r.acknowledgeCancel(attempt, clock.instant(), instance.id()));
    }

    /** Those of {@code ids} whose cancellation has been asked for. */
    public Set<UUID> cancelRequested(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : new HashSet<>(runs.findCancelRequested(ids));
    }
}
