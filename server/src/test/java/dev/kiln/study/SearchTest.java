package dev.kiln.study;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.study.search.Observation;
import dev.kiln.study.search.Sampler;
import dev.kiln.study.search.Tpe;
import dev.kiln.study.space.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The samplers on cheap synthetic objectives, where the answer is known. */
class SearchTest {
    private static final Space SPACE = Space.parse(JsonMapper.builder().build().readTree(
            "{\"x\": {\"uniform\": [-5, 5]}, \"lr\": {\"logUniform\": [0.00001, 1]}, \"k\": {\"choice\": [\"a\", \"b\", "
                    + "\"c\", \"d\"]}}"));

    /** Lowest at x = 1.5, lr = 0.01, option c. */
    private static final ToDoubleFunction<Map<String, Double>> OBJECTIVE = d -> Math.pow(d.get("x") - 1.5, 2)
            + Math.pow(Math.log10(d.get("lr")) + 2, 2) + (d.get("k") == 2 ? 0 : 1);

    private static double best(Sampler sampler, int trials) {
        List<Observation> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Map<String, Double> d = sampler.next(n, history).orElseThrow();
            double y = OBJECTIVE.applyAsDouble(d);
            history.add(new Observation(d, Observation.Kind.COMPLETE, y));
            best = Math.min(best, y);
        }
        return best;
    }

    @Test
    void tpeFindsABetterObjectiveThanRandomSearchOnAverageOverSeeds() {
        double random = 0;
        double tpe = 0;
        for (long seed = 1; seed <= 10; seed++) {
            random += best(new Sampler.Random(SPACE, seed), 40);
            tpe += best(new Tpe(SPACE, seed, 10), 40);
        }

        assertThat(tpe / 10).isLessThan(random / 10 * 0.7);
    }

    @Test
    void theSameSeedAndHistorySampleTheSameTrial() {
        List<Observation> history = List.of(new Observation(Map.of("x", 1.0, "lr", 0.1, "k", 0.0),
                Observation.Kind.COMPLETE, 2.0), new Observation(Map.of("x", -3.0, "lr", 0.001, "k", 3.0),
                Observation.Kind.COMPLETE, 5.0), new Observation(Map.of("x", 4.0, "lr", 0.5, "k", 1.0),
                Observation.Kind.PRUNED, 9.0));
        Tpe tpe = new Tpe(SPACE, 42, 2);

        assertThat(tpe.next(3, history)).isEqualTo(tpe.next(3, history));
        assertThat(new Sampler.Random(SPACE, 42).next(7, List.of()))
                .isEqualTo(new Sampler.Random(SPACE, 42).next(7, history));
    }

    @Test
    void tpeDrawsInsideEveryDomain() {
        Tpe tpe = new Tpe(SPACE, 5, 3);
        List<Observation> history = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            Map<String, Double> d = tpe.next(n, history).orElseThrow();
            assertThat(d.get("x")).isBetween(-5.0, 5.0);
            assertThat(d.get("lr")).isBetween(0.00001, 1.0);
            assertThat(d.get("k")).isIn(0.0, 1.0, 2.0, 3.0);
            history.add(new Observation(d, Observation.Kind.COMPLETE, OBJECTIVE.applyAsDouble(d)));
        }
    }
}
