package dev.kiln.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ranking metrics pinned on a case worked by hand, k = 3, a catalog of 10 items:
 * user A ranks [5, 3, 9, 1] and held out {3, 1} (a hit at rank 2; item 1 is ranked 4th, outside the top 3);
 * user B ranks [2, 4, 6, 8] and held out {7} (no hit); user C has nothing held out and does not count.
 */
class RankingMetricsTest {
    static final int[][] RANKED = {{5, 3, 9, 1}, {2, 4, 6, 8}, {0, 1, 2}};
    static final int[][] HELD_OUT = {{3, 1}, {7}, {}};
    static final double LOG2_3 = Math.log(3) / Math.log(2);

    static Stream<Arguments> byHand() {
        return Stream.of(
                Arguments.of("hitRate", "A hits, B does not", 0.5),
                Arguments.of("precision", "A: 1 hit of 3, B: 0", (1.0 / 3 + 0) / 2),
                Arguments.of("recall", "A: 1 of its 2 held out, B: 0 of 1", (0.5 + 0) / 2),
                Arguments.of("ndcg", "A: (1/log2 3) / (1 + 1/log2 3), B: 0", (1 / LOG2_3) / (1 + 1 / LOG2_3) / 2),
                Arguments.of("map", "A: precision@2 = 1/2 over min(3, 2), B: 0", (0.5 / 2 + 0) / 2),
                Arguments.of("coverage", "items 5 3 9 2 4 6 0 1 2 in the top 3s: 8 of 10", 0.8));
    }

    @ParameterizedTest(name = "{0}@3: {1}")
    @MethodSource("byHand")
    void aRankingMetricEqualsTheValueWorkedByHand(String name, String how, double expected) {
        var metrics = RankingMetrics.compute(List.of(new MetricSpec(name, 3, null)), RANKED, HELD_OUT, 10);

        assertThat(metrics).containsOnlyKeys(name + "@3");
        assertThat(metrics.get(name + "@3")).isCloseTo(expected, Offset.offset(1e-12));
    }
}
