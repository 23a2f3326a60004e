package dev.kiln.run;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.feature.FeaturePipeline;

/** A training run: what to train, how, and where it stands. Transitions are guarded and recorded in its history. */
@Entity
@Table(name = "runs")
public class Run {
    @Id
    private UUID id;
    private UUID projectId;
    private UUID datasetId;
    private UUID modelId;
    @Convert(converter = RunColumns.Model.class)
    private dev.kiln.model.ModelSpec modelSpec;
    @Convert(converter = RunColumns.Names.class)
    private List<String> warnings;
    private UUID testDatasetId;
    private String target;
    @Enumerated(EnumType.STRING)
    private Task task;
    @Convert(converter = RunColumns.Names.class)
    private List<String> features;
    @Convert(converter = RunColumns.Spec.class)
    private TrainingSpec spec;
    @Convert(converter = RunColumns.Pipeline.class)
    private FeaturePipeline preprocessing;
    private int priority;
    @Enumerated(EnumType.STRING)
    private RunStatus status;
    private boolean cancelRequested;
    private String device;
    private Integer threads;
    private int epoch;
    private int epochs;
    @Convert(converter = RunColumns.Metrics.class)
    private Map<String, Double> latestMetrics;
    @Convert(converter = RunColumns.Tags.class)
    private Map<String, String> tags;
    @Convert(converter = RunColumns.Metrics.class)
    private Map<String, Double> testMetrics;
    private String error;
    private int attempts;
    private int losses;
    private String checkpointKey;
    private String checkpointSha256;
    private Integer checkpointEpoch;
    private Integer checkpointBatch;
    private Integer bestEpoch;
    private Integer stoppedEpoch;
    private String bestCheckpointKey;
    private String bestCheckpointSha256;
    private Integer bestCheckpointEpoch;
    private String modelKey;
    private String modelSha256;
    @Convert(converter = RunColumns.EvaluationDocument.class)
    private dev.kiln.metrics.Evaluation evaluation;
    @Convert(converter = RunColumns.Provenance.class)
    private RunProvenance provenance;
    private boolean imported;
    private UUID compressedFrom;
    @Convert(converter = RunColumns.CompressionDocument.class)
    private Compression compression;
    private UUID parentRunId;
    private UUID studyId;
    private Integer trialNumber;
    private String initCheckpoint;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    @Version
    private long version;
    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    @JoinColumn(name = "run_id", nullable = false, updatable = false)
    @OrderBy("id")
    private List<RunStatusChange> history = new ArrayList<>();

    protected Run() {}

    Run(UUID id, Accepted request, Instant now, String instance) {
        this.id = id;
        this.projectId = request.projectId();
        this.datasetId = request.datasetId();
        this.modelId = request.modelId();
        this.modelSpec = request.model();
        this.testDatasetId = request.testDatasetId();
        this.target = request.target();
        this.task = request.task();
        this.features = List.copyOf(request.features());
        this.spec = request.spec();
        this.priority = request.priority();
        if (request.initFrom() != null) {
            this.parentRunId = request.initFrom().runId();
            this.initCheckpoint = request.initFrom().checkpoint().json();
        }
        this.epochs = request.spec().epochs();
        this.status = RunStatus.QUEUED;
        this.createdAt = now;
        this.history.add(new RunStatusChange(RunStatus.QUEUED, now, instance, "submitted"));
    }

    /** What a submission resolved to: everything a run needs, checked against its dataset and model. */
    record Accepted(UUID projectId, UUID datasetId, UUID modelId, dev.kiln.model.ModelSpec model, UUID testDatasetId,
                    String target, Task task, List<String> features, TrainingSpec spec, int priority,
                    InitFrom initFrom) {}

    /** What an imported artifact brings: everything a run needs to predict, and where it came from. */
    public record Imported(UUID projectId, UUID modelId, dev.kiln.model.ModelSpec definition, String target, Task task,
                           List<String> features, TrainingSpec spec, FeaturePipeline preprocessing,
                           RunProvenance provenance, Map<String, Double> metrics, CheckpointRef model, int epochs) {}

    /** A SUCCEEDED run made from an imported artifact: it predicts, it has no dataset here and nothing to train. */
    static Run imported(UUID id, Imported artifact, Instant now, String instance, String reason) {
        Run run = new Run();
        run.id = id;
        run.projectId = artifact.projectId();
        run.modelId = artifact.modelId();
        run.modelSpec = artifact.definition();
        run.target = artifact.target();
        run.task = artifact.task();
        run.features = List.copyOf(artifact.features());
        run.spec = artifact.spec();
        run.preprocessing = artifact.preprocessing();
        run.provenance = artifact.provenance();
        run.imported = true;
        run.status = RunStatus.SUCCEEDED;
        run.epochs = artifact.epochs();
        run.epoch = artifact.epochs();
        run.latestMetrics = artifact.metrics().isEmpty() ? null : artifact.metrics();
        run.modelKey = artifact.model().key();
        run.modelSha256 = artifact.model().sha256();
        run.createdAt = now;
        run.startedAt = now;
        run.finishedAt = now;
        run.history.add(new RunStatusChange(RunStatus.SUCCEEDED, now, instance, reason));
        return run;
    }

    /**
     * A SUCCEEDED run whose model is {@code source}'s compressed: the same definition, data, preprocessing and
     * provenance, its own parameters ({@code model}); the metrics are the compression's, nothing is trained.
     */
    static Run compressed(UUID id, Run source, CheckpointRef model, Compression compression, Instant now,
                          String instance) {
        Run run = new Run();
        run.id = id;
        run.projectId = source.projectId;
        run.datasetId = source.datasetId;
        run.testDatasetId = source.testDatasetId;
        run.modelId = source.modelId;
        run.modelSpec = source.modelSpec;
        run.target = source.target;
        run.task = source.task;
        run.features = List.copyOf(source.features);
        run.spec = source.spec;
        run.preprocessing = source.preprocessing;
        run.provenance = source.provenance;
        run.tags = source.tags;
        run.compressedFrom = source.id;
        run.compression = compression;
        run.status = RunStatus.SUCCEEDED;
        run.epochs = source.epochs;
        run.epoch = source.epoch;
        run.modelKey = model.key();
        run.modelSha256 = model.sha256();
        run.createdAt = now;
        run.startedAt = now;
        run.finishedAt = now;
        run.history.add(new RunStatusChange(RunStatus.SUCCEEDED, now, instance, "compressed from run " + source.id
                + ": " + compression.weights() + " " + compression.scheme()));
        return run;
    }

    /** Records what the calibration rows measured of a compressed run. */
    void recordCompression(Compression measured) {
        this.compression = measured;
    }

    /** A worker takes the queued run; returns the attempt number that fences this worker's later updates. */
    int start(Instant now, String instance, String reason) {
        if (status != RunStatus.QUEUED) {
            throw new IllegalRunTransition(id, status, "start");
        }
        status = RunStatus.RUNNING;
        startedAt = startedAt == null ? now : startedAt;
        attempts++;
        history.add(new RunStatusChange(RunStatus.RUNNING, now, instance, reason));
        return attempts;
    }

    /**
     * A worker takes over a run whose previous worker was lost: progress goes back to the last checkpoint (or to
     * the start), and the previous attempt can no longer record anything.
     */
    int resume(Instant now, String instance, String reason) {
        requireRunning("be resumed");
        attempts++;
        losses++;
        epoch = checkpointEpoch == null ? 0 : checkpointEpoch;
        history.add(new RunStatusChange(RunStatus.RUNNING, now, instance, reason));
        return attempts;
    }

    /** The worker stops (its instance shuts down) and puts the run back in the queue, to resume from its checkpoint. */
    void requeue(int attempt, Instant now, String instance, String reason) {
        requireAttempt(attempt, "be requeued");
        status = RunStatus.QUEUED;
        history.add(new RunStatusChange(RunStatus.QUEUED, now, instance, reason));
    }

    /** Where training resumes: the last checkpoint written (an epoch, and a batch within the next one). */
    public java.util.Optional<CheckpointRef> getCheckpoint() {
        return checkpointKey == null ? java.util.Optional.empty() : java.util.Optional.of(
                new CheckpointRef(checkpointKey, checkpointSha256, checkpointEpoch, checkpointBatch));
    }

    void recordCheckpoint(int attempt, CheckpointRef checkpoint) {
        requireAttempt(attempt, "record a checkpoint");
        checkpointKey = checkpoint.key();
        checkpointSha256 = checkpoint.sha256();
        checkpointEpoch = checkpoint.epoch();
        checkpointBatch = checkpoint.batch();
    }

    /** The epoch's weights are the best so far; {@code checkpoint} holds them. */
    void recordBest(int attempt, CheckpointRef checkpoint) {
        requireAttempt(attempt, "record its best checkpoint");
        bestCheckpointKey = checkpoint.key();
        bestCheckpointSha256 = checkpoint.sha256();
        bestCheckpointEpoch = checkpoint.epoch();
    }

    /** The trained model (the final weights, the best epoch's when they were restored). */
    void recordModel(int attempt, CheckpointRef model) {
        requireAttempt(attempt, "record its model");
        modelKey = model.key();
        modelSha256 = model.sha256();
    }

    void recordSetup(String device, int threads, FeaturePipeline preprocessing, RunProvenance provenance) {
        requireRunning("record its setup");
        this.device = device;
        this.threads = threads;
        this.preprocessing = preprocessing;
        this.provenance = provenance;
    }

    void recordEpoch(int attempt, int epoch, Map<String, Double> metrics) {
        requireAttempt(attempt, "record an epoch");
        if (epoch != this.epoch + 1) {
            throw new IllegalStateException("run " + id + " expected epoch " + (this.epoch + 1) + ", got " + epoch);
        }
        this.epoch = epoch;
        this.latestMetrics = metrics;
    }

    void restoreLatestMetrics(Map<String, Double> metrics) {
        this.latestMetrics = metrics.isEmpty() ? null : metrics;
    }

    /** What a completed training reports beside its epochs. */
    public record Completion(Map<String, Double> testMetrics, dev.kiln.metrics.Evaluation evaluation, int bestEpoch,
                      int stoppedEpoch) {}

    void succeed(int attempt, Instant now, String instance, Completion completion) {
        requireAttempt(attempt, "succeed");
        this.testMetrics = completion.testMetrics().isEmpty() ? null : completion.testMetrics();
        this.evaluation = completion.evaluation();
        this.bestEpoch = completion.bestEpoch() == 0 ? null : completion.bestEpoch();
        this.stoppedEpoch = completion.stoppedEpoch() == 0 ? null : completion.stoppedEpoch();
        finish(RunStatus.SUCCEEDED, now, instance, "trained " + epoch + " of " + epochs + " epochs"
                + (stoppedEpoch != null ? "; stopped early after epoch " + stoppedEpoch : "")
                + (bestEpoch != null ? "; best epoch " + bestEpoch : ""));
    }

    /** The worker of {@code attempt} ends the run FAILED. */
    void fail(int attempt, Instant now, String instance, String reason) {
        requireAttempt(attempt, "fail");
        fail(now, instance, reason);
    }

    /** Ends an unfinished run FAILED whoever holds it (queue time exceeded, workers lost too often). */
    void fail(Instant now, String instance, String reason) {
        if (status.isFinal()) {
            throw new IllegalRunTransition(id, status, "fail");
        }
        this.error = truncate(reason, 4000);
        finish(RunStatus.FAILED, now, instance, reason);
    }

    /** A queued run is cancelled at once; a running one is asked to stop at its next batch boundary. */
    void cancel(Instant now, String instance) {
        if (status.isFinal()) {
            throw new RunAlreadyFinished(id, status);
        }
        if (status == RunStatus.QUEUED) {
            finish(RunStatus.CANCELLED, now, instance, "cancelled while queued");
        } else {
            cancelRequested = true;
        }
    }

    /** The worker stopped a running run because cancellation was asked for. */
    void acknowledgeCancel(int attempt, Instant now, String instance) {
        requireAttempt(attempt, "be cancelled");
        finish(RunStatus.CANCELLED, now, instance, "cancelled after " + epoch + " of " + epochs + " epochs");
    }

    private void finish(RunStatus status, Instant now, String instance, String reason) {
        this.status = status;
        this.finishedAt = now;
        history.add(new RunStatusChange(status, now, instance, reason));
    }

    private void requireRunning(String transition) {
        if (status != RunStatus.RUNNING) {
            throw new IllegalRunTransition(id, status, transition);
        }
    }

    /** Only the worker of the current attempt may move a running run; an earlier, lost one is fenced off. */
    void requireAttempt(int attempt, String transition) {
        requireRunning(transition);
        if (attempt != attempts) {
            throw new StaleAttempt(id, attempt, attempts);
        }
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    public UUID getId() {
        return id;
    }

    /** The project the run belongs to (its training dataset's). */
    /** Makes a new run trial {@code number} of study {@code studyId} (or, with a null number, its retraining). */
    void joinStudy(UUID studyId, @org.jspecify.annotations.Nullable Integer number) {
        this.studyId = studyId;
        this.trialNumber = number;
    }

    public java.util.Optional<UUID> getStudyId() {
        return java.util.Optional.ofNullable(studyId);
    }

    public java.util.Optional<Integer> getTrialNumber() {
        return java.util.Optional.ofNullable(trialNumber);
    }

    public UUID getProjectId() {
        return projectId;
    }

    public UUID getDatasetId() {
        return datasetId;
    }

    public UUID getModelId() {
        return modelId;
    }

    /**
     * The model definition the run trains (or trained) with, copied at submission so that deleting the definition
     * changes nothing for the run; empty only for runs whose definition was deleted before Kiln kept copies.
     */
    public java.util.Optional<dev.kiln.model.ModelSpec> getModelSpec() {
        return java.util.Optional.ofNullable(modelSpec);
    }

    /** What the run should know about its data, found while preparing it (a validation split lacking a class). */
    public List<String> getWarnings() {
        return warnings == null ? List.of() : warnings;
    }

    void recordWarnings(List<String> found) {
        this.warnings = found.isEmpty() ? null : List.copyOf(found);
    }

    public UUID getTestDatasetId() {
        return testDatasetId;
    }

    public String getTarget() {
        return target;
    }

    public Task getTask() {
        return task;
    }

    public List<String> getFeatures() {
        return features;
    }

    /** How the run trains: the resolved options, every default filled in. */
    public TrainingSpec getSpec() {
        return spec;
    }

    /** The preprocessing fitted on the training split (null before training started). */
    public FeaturePipeline getPreprocessing() {
        return preprocessing;
    }

    public int getPriority() {
        return priority;
    }

    public RunStatus getStatus() {
        return status;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public String getDevice() {
        return device;
    }

    /** The engine's intra-op threads while this run trained (null before it started). */
    public Integer getThreads() {
        return threads;
    }

    public int getEpoch() {
        return epoch;
    }

    public int getEpochs() {
        return epochs;
    }

    /** The run's tags (key → value), in key order. */
    public Map<String, String> getTags() {
        return tags == null ? Map.of() : tags;
    }

    /** Sets each of {@code changes}' tags; a null value removes the tag. Checked by {@link RunTags}. */
    void retag(Map<String, String> changes) {
        var merged = new java.util.TreeMap<>(getTags());
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        RunTags.check(merged, "tags");
        this.tags = merged.isEmpty() ? null : merged;
    }

    public Map<String, Double> getLatestMetrics() {
        return latestMetrics == null ? Map.of() : latestMetrics;
    }

    public Map<String, Double> getTestMetrics() {
        return testMetrics == null ? Map.of() : testMetrics;
    }

    public String getError() {
        return error;
    }

    /** How many times a worker started or resumed this run. */
    public int getAttempts() {
        return attempts;
    }

    /** Where the run came from: dataset sha256, seed, resolved hyperparameters, engine and versions. */
    public java.util.Optional<UUID> getCompressedFrom() {
        return java.util.Optional.ofNullable(compressedFrom);
    }

    public java.util.Optional<Compression> getCompression() {
        return java.util.Optional.ofNullable(compression);
    }

    public RunProvenance getProvenance() {
        return provenance;
    }

    /** Whether the run was made by importing an artifact rather than by training here. */
    public boolean isImported() {
        return imported;
    }

    /** The warm start: the run whose weights this one began with, and which of them. */
    public java.util.Optional<InitFrom> getInitFrom() {
        return parentRunId == null ? java.util.Optional.empty()
                : java.util.Optional.of(new InitFrom(parentRunId, "best".equals(initCheckpoint)
                ? InitFrom.Weights.BEST : InitFrom.Weights.LAST));
    }

    public Integer getBestEpoch() {
        return bestEpoch;
    }

    public Integer getStoppedEpoch() {
        return stoppedEpoch;
    }

    /** The checkpoint of the best epoch, when one was recorded. */
    public java.util.Optional<CheckpointRef> getBestCheckpoint() {
        return bestCheckpointKey == null ? java.util.Optional.empty()
                : java.util.Optional.of(new CheckpointRef(bestCheckpointKey, bestCheckpointSha256, bestCheckpointEpoch, 0));
    }

    /** The trained model's parameters, once the run succeeded. */
    public java.util.Optional<CheckpointRef> getModel() {
        return modelKey == null ? java.util.Optional.empty()
                : java.util.Optional.of(new CheckpointRef(modelKey, modelSha256, epoch, 0));
    }

    /** The test set's confusion matrix and per-class scores (classification with a test dataset). */
    public java.util.Optional<dev.kiln.metrics.Evaluation> getEvaluation() {
        return java.util.Optional.ofNullable(evaluation);
    }

    /** How many of those attempts ended because their worker was lost. */
    public int getLosses() {
        return losses;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public List<RunStatusChange> getHistory() {
        return Collections.unmodifiableList(history);
    }
}
