package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.run.spec.Mode;
import dev.kiln.run.spec.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every schedule against learning rates computed by hand (initial rate 0.1). */
class LearningRatesTest {


    private static List<Double> rates(LearningRates rates, int epochs) {
        List<Double> values = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            values.add(rates.at(e));
        }
        return values;
    }

    @Test
    void stepMultipliesByTheFactorEveryPeriod() {
        var rates = new LearningRates(0.1, new Schedule.Step(0.5, 2), 5);

        assertThat(rates(rates, 5)).usingComparatorForType(Double::compare, Double.class)
                .containsExactly(0.1, 0.1, 0.05, 0.05, 0.025);
    }

    @Test
    void exponentialDecaysSmoothlyOrInStairs() {
        var smooth = new LearningRates(0.1, new Schedule.Exponential(0.5, 2, false), 3);
        var stairs = new LearningRates(0.1, new Schedule.Exponential(0.5, 2, true), 3);

        assertThat(smooth.at(2)).isCloseTo(0.1 * Math.sqrt(0.5), within(1e-15));
        assertThat(smooth.at(3)).isCloseTo(0.05, within(1e-15));
        assertThat(stairs.at(2)).isEqualTo(0.1);
        assertThat(stairs.at(3)).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void cosineWarmsUpLinearlyThenDecaysToAlpha() {
        var rates = new LearningRates(0.1, new Schedule.Cosine(2, null, 0.0), 6);

        assertThat(rates(rates, 6)).satisfiesExactly(
                r -> assertThat(r).isCloseTo(0.05, within(1e-12)),
                r -> assertThat(r).isCloseTo(0.1, within(1e-12)),
                r -> assertThat(r).isCloseTo(0.1, within(1e-12)),
                r -> assertThat(r).isCloseTo(0.0853553390593274, within(1e-12)),
                r -> assertThat(r).isCloseTo(0.05, within(1e-12)),
                r -> assertThat(r).isCloseTo(0.0146446609406726, within(1e-12)));
    }

    @Test
    void reduceOnPlateauFollowsKerasWithPatienceCooldownAndMinimum() {
        var spec = new Schedule.ReduceOnPlateau("val_loss", Mode.AUTO, 0.5, 2, 0.0, 1, 0.01);
        var rates = new LearningRates(0.1, spec, 14);
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        List<Double> used = new ArrayList<>();
        for (int e = 1; e <= losses.length; e++) {
            used.add(rates.at(e));
            rates.epochEnded(Map.of("val_loss", losses[e - 1]));
        }

        assertThat(used).usingComparatorForType((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b),
                Double.class).containsExactly(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.01,
                0.01, 0.01);
    }

    @Test
    void reduceOnPlateauStateSurvivesACheckpoint() {
        var spec = new Schedule.ReduceOnPlateau("val_loss", Mode.MIN, 0.5, 1, 0.0, 0, 0.0);
        var before = new LearningRates(0.1, spec, 5);
        before.epochEnded(Map.of("val_loss", 1.0));
        before.epochEnded(Map.of("val_loss", 1.0));
        var after = new LearningRates(0.1, spec, 5);

        after.restore(before.state());

        assertThat(after.at(3)).isEqualTo(before.at(3)).isEqualTo(0.05);
    }
}
