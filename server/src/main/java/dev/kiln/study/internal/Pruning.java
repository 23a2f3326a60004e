package dev.kiln.study.internal;

import dev.kiln.run.EpochMetric;
import dev.kiln.run.Run;
import dev.kiln.run.RunActivity;
import dev.kiln.run.RunHistory;
import dev.kiln.study.Objective;
import dev.kiln.study.Study;
import dev.kiln.study.Trial;
import dev.kiln.study.prune.Curve;
import dev.kiln.study.prune.Pruner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A study's pruner applied when one of its trials records an epoch: the trial's objective curve and every other
 * trial's, read from their epoch rows, under the study's lock (so that two decisions never race).
 */
@Component
class Pruning {
    private final StudyStore store;
    private final RunHistory runs;
    private final TransactionTemplate transactions;

    Pruning(StudyStore store, RunHistory runs, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.runs = runs;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Decides whether the trial that just recorded {@code epoch} stops; if so it is marked pruned (with the rung and
     * why), its run is asked to stop, and the run's log says why.
     */
    void decide(Trial recorded, int epoch) {
        Optional<Pruner.Decision> decision = transactions.execute(status -> {
            Study study = store.lock(recorded.studyId()).orElse(null);
            if (study == null || study.status().isFinal() || study.cancelRequested()
                    || study.definition().pruner() instanceof Pruner.None) {
                return Optional.<Pruner.Decision>empty();
            }
            List<Trial> trials = store.trials(study.id());
            Trial trial = trials.stream().filter(t -> t.number() == recorded.number()).findFirst().orElseThrow();
            Run run = runs.find(trial.runId()).orElse(null);
            if (trial.state().isFinal() || trial.prunedRung() != null || run == null || run.getStatus().isFinal()) {
                return Optional.<Pruner.Decision>empty();
            }
            Objective objective = study.definition().objective();
            Map<UUID, List<EpochMetric>> epochs = runs.metrics(trials.stream().map(Trial::runId)
                    .filter(java.util.Objects::nonNull).toList());
            List<Curve> curves = Curves.of(trials, epochs, objective.metric());
            Curve mine = curves.stream().filter(c -> c.number() == trial.number()).findFirst().orElseThrow();
            if (mine.epochs() < epoch) {
                return Optional.<Pruner.Decision>empty();
            }
            Curve upTo = new Curve(mine.number(), mine.bracket(), java.util.Arrays.copyOf(mine.values(), epoch),
                    mine.succeeded());
            Optional<Pruner.Decision> stop = study.definition().pruner().decide(upTo, epoch, run.getEpochs(),
                    curves.stream().map(c -> c.number() == trial.number() ? upTo : c).toList(), objective.metric(),
                    objective.maximize());
            stop.ifPresent(d -> store.update(trial.pruned(d.rung(), d.reason())));
            return stop;
        });
        if (decision != null && decision.isPresent()) {
            try {
                runs.log(recorded.runId(), RunActivity.Logged.Level.INFO, "pruned by study " + recorded.studyId()
                        + ": " + decision.get().reason());
                runs.cancel(recorded.runId());
            } catch (RuntimeException e) {
                // the run finished meanwhile: the trial ends as its run did
            }
        }
    }
}
