package dev.kiln.study.search;

import dev.kiln.study.space.Space;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Decides the parameters of a study's next trial. Each trial's randomness comes from the study's seed and the trial's
 * number, so a study replays the same trials for the same history.
 */
public sealed interface Sampler permits Sampler.Random, Sampler.Grid, Tpe {

    /** Trial {@code number}'s decisions, or empty when the sampler has nothing left (a grid that is done). */
    Optional<Map<String, Double>> next(int number, List<Observation> history);

    /** The randomness of trial {@code number} of a study seeded {@code seed}. */
    static SplittableRandom random(long seed, int number) {
        return new SplittableRandom(seed * 1_000_003L + number);
    }

    /** Independent uniform draws in every parameter's scale. */
    record Random(Space space, long seed) implements Sampler {
        public Optional<Map<String, Double>> next(int number, List<Observation> history) {
            SplittableRandom random = Sampler.random(seed, number);
            return Optional.of(space.decide((d, decided) -> d.domain().random(random)));
        }
    }

    /**
     * Every combination exactly once: in order when the study may train them all, else a seeded random selection of
     * {@code maxTrials} of them.
     */
    record Grid(List<Map<String, Double>> combinations) implements Sampler {
        public static Grid of(Space space, int maxTrials, long seed) {
            List<Map<String, Double>> all = new java.util.ArrayList<>(space.grid());
            if (maxTrials < all.size()) {
                java.util.Collections.shuffle(all, new java.util.Random(seed));
                all = all.subList(0, maxTrials);
            }
            return new Grid(List.copyOf(all));
        }

        public Optional<Map<String, Double>> next(int number, List<Observation> history) {
            return number < combinations.size() ? Optional.of(combinations.get(number)) : Optional.empty();
        }
    }
}
