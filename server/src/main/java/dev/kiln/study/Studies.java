package dev.kiln.study;

import dev.kiln.access.Tenancy;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Names;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.Violation;
import dev.kiln.run.EpochMetric;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunSubmission;
import dev.kiln.study.internal.StudyDriver;
import dev.kiln.study.internal.StudyStore;
import dev.kiln.study.internal.TrialRuns;
import dev.kiln.study.prune.Pruner;
import dev.kiln.study.space.Space;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The module's entry point: checks and stores studies, answers queries about them, cancels them and retrains their
 * best trial. {@link StudyDriver} carries every study on (trials, pruning, completion) on whichever instance is up.
 */
@Service
public class Studies {
    /** At most this many probe runs are checked when a study is created (the ends of every range, every option). */
    static final int MAX_PROBES = 300;

    private final StudyStore store;
    private final TrialRuns trialRuns;
    private final RunHistory runs;
    private final Tenancy tenancy;
    private final StudyDriver driver;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom seeds = new SecureRandom();
    private final dev.kiln.run.RunRemoval removal;
    private final dev.kiln.model.ModelCatalog models;

    Studies(StudyStore store, TrialRuns trialRuns, RunHistory runs, Tenancy tenancy, StudyDriver driver,
            PlatformTransactionManager transactionManager, Clock clock, dev.kiln.run.RunRemoval removal,
            dev.kiln.model.ModelCatalog models) {
        this.removal = removal;
        this.models = models;
        this.store = store;
        this.trialRuns = trialRuns;
        this.runs = runs;
        this.tenancy = tenancy;
        this.driver = driver;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Checks a study — its base run as {@code POST /runs} would, its objective against what those runs record, its
     * space by setting the ends of every range and every option into the run and checking that too — and stores it
     * QUEUED. Nothing is queued when any of it is refused (422 naming the field).
     */
    public Study create(StudyRequest request) {
        if (request.run() == null || !request.run().isObject()) {
            throw new InvalidRequest("run", "give the base run, a body of POST /runs");
        }
        String name = Names.clean(request.name(), 200, "name");
        RunSubmission base = trialRuns.read(request.run(), "run");
        RunHistory.Checked checked;
        try {
            checked = runs.check(base, null);
        } catch (InvalidRequest e) {
            throw TrialRuns.prefixed(e, "run");
        }
        String metric = request.objective().metric();
        if (!checked.recorded().contains(metric)) {
            throw new InvalidRequest("objective.metric", "'" + metric + "' is not recorded by these runs; they record "
                    + String.join(", ", checked.recorded()) + (metric.startsWith("val_") ? " (a val_ metric needs "
                    + "validation data: hyperparameters.validationSplit or validationDatasetId)" : ""));
        }
        Space space = Space.parse(request.space());
        Algorithm algorithm = request.algorithm() == null ? Algorithm.TPE : request.algorithm();
        int gridSize = algorithm == Algorithm.GRID ? space.grid().size() : 0; // 422 when the space is not a grid
        int maxTrials = request.maxTrials() != null ? request.maxTrials()
                : algorithm == Algorithm.GRID ? gridSize : StudyRequest.DEFAULT_TRIALS;
        Pruner pruner = request.pruner() == null ? new Pruner.None() : request.pruner();
        checkPruner(pruner, checked.epochs());
        StudyDefinition definition = new StudyDefinition(name, request.run(), request.objective(), request.space(),
                algorithm, pruner, maxTrials, request.parallelism() == null ? 1 : request.parallelism(),
                request.seed() == null ? seeds.nextLong() & 0xffff_ffffL : request.seed(),
                request.startupTrials() == null ? StudyRequest.defaultStartupTrials(maxTrials)
                        : request.startupTrials());
        probe(definition, space);
        Study study = new Study(UUID.randomUUID(), checked.projectId(), definition, StudyStatus.QUEUED, null, false,
                clock.instant(), null);
        transactions.executeWithoutResult(status -> {
            store.insert(study);
            driver.wakeAfterCommit(study.id());
        });
        return study;
    }

    private static void checkPruner(Pruner pruner, int epochs) {
        Integer first = pruner instanceof Pruner.Asha asha ? asha.minEpochs()
                : pruner instanceof Pruner.Median median ? median.minEpochs() : null;
        if (first != null && first >= epochs) {
            throw new InvalidRequest("pruner.minEpochs", "the trials train " + epochs + " epochs "
                    + "(run.hyperparameters.epochs); a pruner that first decides at epoch " + first + " never stops one");
        }
    }

    /**
     * Every value at the ends of the space goes through the run's check: each range's low and high and each option,
     * the other parameters half-way. The first value refused names its parameter.
     */
    private void probe(StudyDefinition definition, Space space) {
        List<Violation> violations = new ArrayList<>();
        int probes = 0;
        for (Space.Dimension d : space.dimensions()) {
            for (double value : d.domain().extremes()) {
                if (probes++ >= MAX_PROBES) {
                    break;
                }
                Map<String, Double> decisions = space.decide((dim, decided) -> dim.key().equals(d.key()) ? value
                        : d.conditions().stream().filter(c -> c.key().equals(dim.key())).findFirst()
                        .map(c -> (double) c.option()).orElse(dim.domain().middle()));
                try {
                    TrialRuns.Materialized trial = trialRuns.materialize(definition, space, decisions, null);
                    runs.check(trialRuns.submission(trial, null), trial.model());
                } catch (InvalidRequest e) {
                    violations.add(new Violation(d.field(), "the value " + d.domain().value(value) + " is refused: "
                            + e.getMessage()));
                    break;
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    /** The study, if the caller may see it. */
    public Study get(UUID id) {
        return store.find(id).filter(s -> tenancy.scope().allows(s.projectId()))
                .orElseThrow(() -> new NotFound("study", id));
    }

    public Page<Study> list(Pageable page) {
        var scope = tenancy.scope();
        return new PageImpl<>(store.list(scope, page.getPageNumber(), page.getPageSize()), page, store.count(scope));
    }

    /**
     * The study's trials, in order; a trial still training shows its objective and epochs so far (the stored row
     * catches up when the study next moves).
     */
    public List<Trial> trials(UUID id) {
        Study study = get(id);
        List<Trial> trials = store.trials(id);
        List<UUID> live = trials.stream().filter(t -> !t.state().isFinal() && t.runId() != null).map(Trial::runId)
                .toList();
        if (live.isEmpty()) {
            return trials;
        }
        Map<UUID, List<EpochMetric>> epochs = runs.metrics(live);
        return trials.stream().map(t -> epochs.containsKey(t.runId()) && !t.state().isFinal()
                ? StudyDriver.progressed(t, t.state(), epochs.get(t.runId()), study.definition().objective(), null)
                : t).toList();
    }

    /** The best succeeded trial by the objective, if any. */
    public static Optional<Trial> best(List<Trial> trials, Objective objective) {
        return trials.stream().filter(t -> t.state() == TrialState.SUCCEEDED && t.objective() != null)
                .min(Comparator.comparingDouble((Trial t) -> objective.score(t.objective()))
                        .thenComparingInt(Trial::number));
    }

    /** Asks the study to stop: queued trials are cancelled, running ones stop at their next batch. */
    public Study cancel(UUID id) {
        Study study = get(id);
        if (study.status().isFinal()) {
            throw new Conflict("the study is already " + study.status());
        }
        transactions.executeWithoutResult(status -> {
            store.requestCancel(id);
            driver.wakeAfterCommit(id);
        });
        return get(id);
    }

    /**
     * Deletes an ended study: its trials' runs with their files, the model definitions made for its trials (unless
     * another run uses one), and the study. A retraining of its best trial is a run of its own and stays.
     */
    public void delete(UUID id) {
        Study study = get(id);
        if (!study.status().isFinal()) {
            throw new Conflict("the study is " + study.status() + ": cancel it first (POST /api/v1/studies/" + id
                    + "/cancel)");
        }
        for (Trial trial : store.trials(id)) {
            if (trial.runId() != null) {
                try {
                    removal.delete(trial.runId(), true);
                } catch (NotFound gone) {
                    // deleted already
                }
            }
            if (trial.modelId() != null) {
                try {
                    models.delete(trial.modelId());
                } catch (NotFound | Conflict kept) {
                    // gone already, or another run uses it
                }
            }
        }
        store.delete(id);
    }

    /**
     * Trains the best trial's configuration on the training and validation rows together: the validation split
     * becomes 0, early stopping (which needs validation) is dropped, and the run trains as many epochs as the best
     * trial took to reach its best. A study whose runs validate on a dataset of their own cannot do this (422).
     */
    public Run retrainBest(UUID id) {
        Study study = get(id);
        Trial best = best(store.trials(id), study.definition().objective())
                .orElseThrow(() -> new Conflict("no trial of the study has succeeded yet"));
        if (study.definition().run().hasNonNull("validationDatasetId")) {
            throw new InvalidRequest("run.validationDatasetId", "the trials validate on a dataset of their own; "
                    + "retraining on train + validation needs the validation rows inside the training dataset "
                    + "(hyperparameters.validationSplit)");
        }
        Space space = Space.parse(study.definition().space());
        TrialRuns.Materialized trial = trialRuns.materialize(study.definition(), space, best.decisions(), null);
        ObjectNode run = trial.run();
        ObjectNode hyperparameters = run.has("hyperparameters") && run.get("hyperparameters").isObject()
                ? (ObjectNode) run.get("hyperparameters") : run.putObject("hyperparameters");
        hyperparameters.put("validationSplit", 0.0);
        hyperparameters.remove("earlyStopping");
        hyperparameters.put("epochs", best.bestEpoch() == null ? best.epochs() : best.bestEpoch());
        ObjectNode tags = run.has("tags") && run.get("tags").isObject() ? (ObjectNode) run.get("tags")
                : run.putObject("tags");
        tags.put("study.retrain", "best trial " + best.number());
        RunSubmission submission = trialRuns.submission(new TrialRuns.Materialized(run, null, trial.parameters()),
                best.modelId());
        return runs.submit(submission, id, null);
    }
}
