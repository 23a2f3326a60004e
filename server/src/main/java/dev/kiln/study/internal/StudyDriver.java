package dev.kiln.study.internal;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.TooManyRequests;
import dev.kiln.model.ModelCatalog;
import dev.kiln.run.EpochMetric;
import dev.kiln.run.Run;
import dev.kiln.run.RunActivity;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.study.Algorithm;
import dev.kiln.study.Objective;
import dev.kiln.study.Studies;
import dev.kiln.study.Study;
import dev.kiln.study.StudyDefinition;
import dev.kiln.study.StudyFinished;
import dev.kiln.study.StudyStatus;
import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import dev.kiln.study.search.Observation;
import dev.kiln.study.search.Sampler;
import dev.kiln.study.search.Tpe;
import dev.kiln.study.space.Space;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries studies on. A study moves in one transaction holding its row's lock ({@link #advance}): its trials' states
 * follow their runs, new trials are sampled and queued as runs while fewer than {@code parallelism} are unfinished,
 * and the study completes when its last trial ends. It moves when one of its runs changes status, after each sweep
 * ({@code kiln.studies.sweep-interval}, every instance), and when asked; everything it needs is in the database, so
 * any instance carries on a study another one started. Pruning is decided when a trial's run records an epoch.
 */
@Component
public class StudyDriver {
    private static final Logger log = LoggerFactory.getLogger(StudyDriver.class);
    private final StudyStore store;
    private final TrialRuns trialRuns;
    private final RunHistory runs;
    private final ModelCatalog models;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Pruning pruning;
    private final ExecutorService work = thread("kiln-studies");
    /** Pruning decisions apart, so that a trial to stop never waits behind a study's other moves. */
    private final ExecutorService decisions = thread("kiln-study-pruning");

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    StudyDriver(StudyStore store, TrialRuns trialRuns, RunHistory runs, ModelCatalog models,
                ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
                Pruning pruning) {
        this.pruning = pruning;
        this.store = store;
        this.trialRuns = trialRuns;
        this.runs = runs;
        this.models = models;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        work.shutdownNow();
        decisions.shutdownNow();
    }

    /** Moves the study once the caller's transaction commits. */
    public void wakeAfterCommit(UUID studyId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake(studyId);
            }
        });
    }

    /** Moves the study soon, on this instance's study thread. */
    public void wake(UUID studyId) {
        submit(() -> safely(() -> advance(studyId), studyId));
    }

    @TransactionalEventListener
    void on(RunActivity activity) {
        if (activity instanceof RunActivity.StatusChanged s && s.status() != RunStatus.QUEUED) {
            submit(() -> safely(() -> store.trialOfRun(s.runId()).ifPresent(t -> advance(t.studyId())), s.runId()));
        } else if (activity instanceof RunActivity.EpochRecorded e) {
            submit(decisions, () -> safely(() -> store.trialOfRun(e.runId())
                    .ifPresent(t -> pruning.decide(t, e.epoch())), e.runId()));
        }
    }

    @Scheduled(fixedDelayString = "${kiln.studies.sweep-interval:5s}", initialDelayString = "${kiln.studies.sweep-interval:5s}")
    void sweep() {
        for (UUID id : store.unfinished()) {
            submit(() -> safely(() -> advance(id), id));
        }
    }

    private void submit(Runnable step) {
        submit(work, step);
    }

    private static void submit(ExecutorService executor, Runnable step) {
        if (!executor.isShutdown()) {
            try {
                executor.execute(step);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: the next instance's sweep moves the study
            }
        }
    }

    /** Runs a step of the study (or of the trial whose run is) {@code id}; a failure waits for the next sweep. */
    private static void safely(Runnable step, UUID id) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("study step for {} failed (the next sweep tries again): {}", id, e.toString());
        }
    }

    /** One move of the study; the runs to cancel are cancelled after it commits (each in its own transaction). */
    void advance(UUID studyId) {
        List<UUID> cancel = transactions.execute(status -> {
            Study study = store.lock(studyId).orElse(null);
            if (study == null || study.status().isFinal()) {
                return List.<UUID>of();
            }
            StudyDefinition definition = study.definition();
            List<Trial> trials = new ArrayList<>(follow(store.trials(studyId), definition.objective()));
            if (study.cancelRequested()) {
                List<UUID> unfinished = trials.stream().filter(t -> !t.state().isFinal() && t.runId() != null)
                        .map(Trial::runId).toList();
                if (unfinished.isEmpty()) {
                    finish(study, StudyStatus.CANCELLED, "cancelled after " + trials.size() + " trials", trials);
                }
                return unfinished;
            }
            boolean exhausted = launch(study, trials);
            if (study.status() == StudyStatus.QUEUED && !trials.isEmpty()) {
                store.update(studyId, StudyStatus.RUNNING, null, null);
            }
            boolean unfinished = trials.stream().anyMatch(t -> !t.state().isFinal());
            if (!unfinished && (exhausted || trials.size() >= definition.maxTrials())) {
                Optional<Trial> best = Studies.best(trials, definition.objective());
                if (best.isPresent()) {
                    finish(study, StudyStatus.COMPLETED, "best: trial " + best.get().number() + ", "
                            + definition.objective().metric() + " " + best.get().objective(), trials);
                } else {
                    finish(study, StudyStatus.FAILED, "no trial succeeded" + trials.stream()
                            .filter(t -> t.reason() != null).findFirst().map(t -> " (trial " + t.number() + ": "
                                    + t.reason() + ")").orElse(""), trials);
                }
            }
            return List.<UUID>of();
        });
        for (UUID runId : cancel == null ? List.<UUID>of() : cancel) {
            try {
                runs.cancel(runId);
            } catch (RuntimeException e) {
                // it finished meanwhile
            }
        }
    }

    /** The trials with their states, objectives and epochs brought up to date from their runs (stored when changed). */
    private List<Trial> follow(List<Trial> trials, Objective objective) {
        List<UUID> live = trials.stream().filter(t -> !t.state().isFinal() && t.runId() != null).map(Trial::runId)
                .toList();
        if (live.isEmpty()) {
            return trials;
        }
        Map<UUID, List<EpochMetric>> epochs = runs.metrics(live);
        List<Trial> followed = new ArrayList<>();
        for (Trial t : trials) {
            Optional<Run> run = t.state().isFinal() || t.runId() == null ? Optional.empty() : runs.find(t.runId());
            if (run.isEmpty()) {
                followed.add(t);
                continue;
            }
            TrialState state = TrialState.of(run.get().getStatus(), t.prunedRung() != null);
            Trial now = progressed(t, state, epochs.getOrDefault(t.runId(), List.of()), objective,
                    state.isFinal() ? clock.instant() : null);
            if (state == TrialState.FAILED && now.reason() == null) {
                now = now.withReason(run.get().getError());
            } else if (state == TrialState.CANCELLED && now.reason() == null) {
                now = now.withReason("its run was cancelled");
            }
            if (!now.equals(t)) {
                store.update(now);
            }
            followed.add(now);
        }
        return followed;
    }

    /** The trial in {@code state} with the objective, best epoch and epoch count of {@code epochs}. */
    public static Trial progressed(Trial t, TrialState state, List<EpochMetric> epochs, Objective objective,
                                   @Nullable Instant finishedAt) {
        Curves.Progress p = Curves.progress(epochs, objective);
        return t.with(state, p.objective(), p.bestEpoch(), p.epochs(), finishedAt == null ? t.finishedAt() : finishedAt);
    }

    /**
     * Samples and queues trials while fewer than {@code parallelism} are unfinished and the budget lasts; a sampled run
     * that the run check refuses is a FAILED trial with the reason. Returns whether the sampler has nothing left.
     */
    private boolean launch(Study study, List<Trial> trials) {
        StudyDefinition definition = study.definition();
        Space space = Space.parse(definition.space());
        Sampler sampler = switch (definition.algorithm()) {
            case GRID -> Sampler.Grid.of(space, definition.maxTrials(), definition.seed());
            case RANDOM -> new Sampler.Random(space, definition.seed());
            case TPE -> new Tpe(space, definition.seed(), definition.startupTrials());
        };
        long inFlight = trials.stream().filter(t -> !t.state().isFinal()).count();
        while (inFlight < definition.parallelism() && trials.size() < definition.maxTrials()) {
            int number = trials.size();
            Optional<Map<String, Double>> next = sampler.next(number, observations(trials, definition.objective()));
            if (next.isEmpty()) {
                return true;
            }
            Trial trial;
            try {
                trial = queue(study, space, number, next.get());
            } catch (TooManyRequests e) {
                return false;
            } catch (InvalidRequest e) {
                Map<String, tools.jackson.databind.JsonNode> values = new java.util.LinkedHashMap<>();
                space.resolve(next.get()).forEach((path, value) -> values.put(path.text(), value));
                trial = new Trial(study.id(), number, null, null, next.get(), values, TrialState.FAILED, null, null,
                        0, definition.pruner().bracket(number), null, "the sampled run was refused: " + e.getMessage(),
                        clock.instant(), clock.instant());
            }
            store.insert(trial);
            trials.add(trial);
            if (!trial.state().isFinal()) {
                inFlight++;
            }
        }
        return definition.algorithm() == Algorithm.GRID && trials.size() >= definition.maxTrials();
    }

    private Trial queue(Study study, Space space, int number, Map<String, Double> decisions) {
        StudyDefinition definition = study.definition();
        String name = (definition.name() + " trial " + number);
        TrialRuns.Materialized materialized = trialRuns.materialize(definition, space, decisions,
                name.length() > 200 ? name.substring(name.length() - 200) : name);
        runs.check(trialRuns.submission(materialized, null), materialized.model());
        UUID modelId = materialized.model() == null ? null
                : models.createIn(study.projectId(), materialized.model()).getId();
        Run run = runs.submit(trialRuns.submission(materialized, modelId), study.id(), number);
        return new Trial(study.id(), number, run.getId(), modelId, decisions, materialized.parameters(),
                TrialState.QUEUED, null, null, 0, definition.pruner().bracket(number), null, null, clock.instant(),
                null);
    }

    private static List<Observation> observations(List<Trial> trials, Objective objective) {
        List<Observation> observations = new ArrayList<>();
        for (Trial t : trials) {
            if (t.objective() != null && (t.state() == TrialState.SUCCEEDED || t.state() == TrialState.PRUNED)) {
                observations.add(new Observation(t.decisions(), t.state() == TrialState.SUCCEEDED
                        ? Observation.Kind.COMPLETE : Observation.Kind.PRUNED, objective.score(t.objective())));
            }
        }
        return observations;
    }

    private void finish(Study study, StudyStatus status, String reason, List<Trial> trials) {
        store.update(study.id(), status, reason, clock.instant());
        Optional<Trial> best = Studies.best(trials, study.definition().objective());
        events.publishEvent(new StudyFinished(study.id(), study.projectId(), study.definition().name(), status, reason,
                best.map(Trial::number).orElse(null), best.map(Trial::runId).orElse(null),
                best.map(Trial::objective).orElse(null)));
    }
}
