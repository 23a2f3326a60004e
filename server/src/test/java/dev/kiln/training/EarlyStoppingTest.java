package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.run.spec.EarlyStoppingSpec;
import dev.kiln.run.spec.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras's EarlyStopping, behaviour by behaviour (Keras counts epochs from 0, these from 1). */
class EarlyStoppingTest {

    private static EarlyStoppingSpec spec(String monitor, String mode, int patience, double minDelta, Double baseline,
                                          boolean restore, int startFromEpoch) {
        return new EarlyStoppingSpec(monitor, Mode.of(mode), patience, minDelta, baseline, restore, startFromEpoch);
    }

    /** Feeds the values one epoch each; returns the number of epochs trained. */
    private static int epochsRun(EarlyStopping stopping, String monitor, double... values) {
        for (int e = 1; e <= values.length; e++) {
            if (stopping.epochEnded(e, Map.of(monitor, values[e - 1])).stop()) {
                return e;
            }
        }
        return values.length;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAsInKerasDocumentedExample() {
        // Keras's example: monitor loss, patience 3, a loss that never improves → only 4 epochs are run
        var stopping = new EarlyStopping(spec("loss", "auto", 3, 0, null, false, 0));

        assertThat(epochsRun(stopping, "loss", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)).isEqualTo(4);
        assertThat(stopping.stoppedEpoch()).isEqualTo(4);
        assertThat(stopping.bestEpoch()).isEqualTo(1);
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovementButNeverAfterTheFirstEpoch() {
        var stopping = new EarlyStopping(spec("val_loss", "min", 0, 0, null, false, 0));

        assertThat(epochsRun(stopping, "val_loss", 1.0, 0.8, 0.9, 0.7)).isEqualTo(3);
    }

    @Test
    void changesSmallerThanMinDeltaAreNoImprovement() {
        var stopping = new EarlyStopping(spec("val_loss", "min", 1, 0.1, null, false, 0));

        // 0.95 is not 0.1 better than 1.0: with patience 1 training stops after epoch 2
        assertThat(epochsRun(stopping, "val_loss", 1.0, 0.95, 0.92, 0.5)).isEqualTo(2);
        assertThat(stopping.bestEpoch()).isEqualTo(1);
    }

    @Test
    void improvementsThatDoNotBeatTheBaselineDoNotResetPatience() {
        var withBaseline = new EarlyStopping(spec("val_accuracy", "max", 2, 0, 0.9, false, 0));
        var without = new EarlyStopping(spec("val_accuracy", "max", 2, 0, null, false, 0));

        // improvements below 0.9 keep counting: the first setback then finds the patience spent
        assertThat(epochsRun(withBaseline, "val_accuracy", 0.5, 0.6, 0.7, 0.65, 0.66)).isEqualTo(4);
        assertThat(withBaseline.bestEpoch()).isEqualTo(3);
        assertThat(epochsRun(without, "val_accuracy", 0.5, 0.6, 0.7, 0.65, 0.66)).isEqualTo(5);
        // while it keeps improving, Keras never stops, baseline or not
        var improving = new EarlyStopping(spec("val_accuracy", "max", 2, 0, 0.9, false, 0));
        assertThat(epochsRun(improving, "val_accuracy", 0.5, 0.6, 0.7, 0.8, 0.85)).isEqualTo(5);
    }

    @Test
    void modeAutoMaximisesScoresAndMinimisesLosses() {
        var auc = new EarlyStopping(spec("val_auc", "auto", 1, 0, null, false, 0));
        var mae = new EarlyStopping(spec("val_mae", "auto", 1, 0, null, false, 0));

        assertThat(epochsRun(auc, "val_auc", 0.6, 0.7, 0.8, 0.75, 0.7)).isEqualTo(4);
        assertThat(auc.bestEpoch()).isEqualTo(3);
        assertThat(epochsRun(mae, "val_mae", 10, 9, 8, 9, 9)).isEqualTo(4);
        assertThat(mae.bestEpoch()).isEqualTo(3);
    }

    @Test
    void watchesNothingBeforeStartFromEpoch() {
        var stopping = new EarlyStopping(spec("loss", "min", 0, 0, null, false, 3));

        // epochs 1–3 are not watched; epoch 4 sets the best, epoch 5 does not improve → stop
        assertThat(epochsRun(stopping, "loss", 1, 2, 3, 4, 5, 6)).isEqualTo(5);
        assertThat(stopping.bestEpoch()).isEqualTo(4);
    }

    @Test
    void marksTheBestEpochsWhoseWeightsAreRestored() {
        var stopping = new EarlyStopping(spec("val_loss", "min", 2, 0, null, true, 0));

        assertThat(stopping.epochEnded(1, Map.of("val_loss", 1.0)).best()).isTrue();
        assertThat(stopping.epochEnded(2, Map.of("val_loss", 0.5)).best()).isTrue();
        assertThat(stopping.epochEnded(3, Map.of("val_loss", 0.7)).best()).isFalse();
        var last = stopping.epochEnded(4, Map.of("val_loss", 0.6));
        assertThat(last.stop()).isTrue();
        assertThat(stopping.bestEpoch()).isEqualTo(2);
        assertThat(stopping.restoresBestWeights()).isTrue();
    }

    @Test
    void ignoresEpochsWithoutTheMonitoredValue() {
        var stopping = new EarlyStopping(spec("val_loss", "min", 0, 0, null, false, 0));

        assertThat(stopping.epochEnded(1, Map.of("loss", 1.0)).stop()).isFalse();
        assertThat(stopping.bestEpoch()).isZero();
    }
}
