package dev.kiln.study;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.study.prune.Curve;
import dev.kiln.study.prune.Pruner;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrunerTest {
    private static final Pruner.Asha ASHA = new Pruner.Asha(1, 3, null);

    private static Curve curve(int number, boolean succeeded, double... values) {
        return new Curve(number, 0, values, succeeded);
    }

    static Stream<Arguments> ashaCases() {
        return Stream.of(
                // the first trial to reach a rung always goes on
                Arguments.of(List.of(), new double[] {0.9}, 1, false),
                // of two, only the better goes on (2 / 3 rounds down: the best one)
                Arguments.of(List.of(curve(0, true, 0.5)), new double[] {0.6}, 1, true),
                Arguments.of(List.of(curve(0, true, 0.5)), new double[] {0.4}, 1, false),
                // of six, the best two go on
                Arguments.of(List.of(curve(0, true, 0.1), curve(1, true, 0.2), curve(2, true, 0.3),
                        curve(3, true, 0.4), curve(4, true, 0.5)), new double[] {0.25}, 1, true),
                Arguments.of(List.of(curve(0, true, 0.1), curve(1, true, 0.3), curve(2, true, 0.3),
                        curve(3, true, 0.4), curve(4, true, 0.5)), new double[] {0.25}, 1, false),
                // epoch 2 is not a rung (1, 3, 9 are), so nothing is decided there
                Arguments.of(List.of(curve(0, true, 0.1, 0.1)), new double[] {0.9, 0.9}, 2, false),
                // the best so far counts, not the last epoch's value
                Arguments.of(List.of(curve(0, true, 0.5, 0.5, 0.5)), new double[] {0.9, 0.4, 0.7}, 3, false));
    }

    @ParameterizedTest
    @MethodSource("ashaCases")
    void ashaStopsATrialThatIsNotAmongTheTopThirdAtItsRung(List<Curve> others, double[] mine, int epoch,
                                                            boolean stops) {
        Curve trial = curve(9, false, mine);
        List<Curve> all = Stream.concat(others.stream(), Stream.of(trial)).toList();

        Optional<Pruner.Decision> decision = ASHA.decide(trial, epoch, 27, all, "val_loss", false);

        assertThat(decision.isPresent()).isEqualTo(stops);
    }

    @Test
    void ashaRungsAreMinEpochsTimesPowersOfTheFactorBelowTheLastEpoch() {
        Pruner.Asha asha = new Pruner.Asha(2, 3, 2);
        Curve bad = new Curve(1, 1, new double[] {9, 9, 9, 9, 9, 9}, false);
        Curve good = new Curve(0, 1, new double[] {1, 1, 1, 1, 1, 1}, true);

        assertThat(asha.bracket(1)).isEqualTo(1);
        assertThat(asha.decide(bad, 2, 20, List.of(good, bad), "val_loss", false)).as("bracket 1 starts at 6").isEmpty();
        assertThat(asha.decide(bad, 6, 20, List.of(good, bad), "val_loss", false)).get()
                .satisfies(d -> assertThat(d.rung()).isZero());
        assertThat(asha.decide(bad, 6, 6, List.of(good, bad), "val_loss", false)).as("not at the last epoch").isEmpty();
    }

    @Test
    void aMaximisedObjectiveStopsTheLowerTrial() {
        Curve low = curve(1, false, 0.6);

        assertThat(ASHA.decide(low, 1, 10, List.of(curve(0, true, 0.9), low), "val_accuracy", true)).isPresent();
    }

    @Test
    void theMedianRuleWaitsForItsStartupTrialsThenStopsATrialWorseThanTheMedian() {
        Pruner.Median median = new Pruner.Median(2, 3);
        List<Curve> done = List.of(curve(0, true, 1, 0.5, 0.4), curve(1, true, 1, 0.6, 0.5), curve(2, true, 1, 0.7, 0.6));
        Curve worse = curve(3, false, 1, 0.65);
        Curve better = curve(4, false, 1, 0.55);

        assertThat(median.decide(worse, 1, 10, done, "val_loss", false)).as("warm-up").isEmpty();
        assertThat(median.decide(worse, 2, 10, done.subList(0, 2), "val_loss", false)).as("startup").isEmpty();
        assertThat(median.decide(worse, 2, 10, done, "val_loss", false)).get()
                .satisfies(d -> assertThat(d.reason()).contains("median 0.600000"));
        assertThat(median.decide(better, 2, 10, done, "val_loss", false)).isEmpty();
    }
}
