package dev.kiln.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void theTopKAreBestFirstWithTiesToTheLowerIdAndExcludedItemsLeftOut() {
        float[] scores = {0.5f, 0.9f, 0.9f, 0.1f, 0.7f, 0.95f};

        assertThat(Ranking.top(scores, 0, 6, 3, new int[] {5})).containsExactly(1, 2, 4);
        assertThat(Ranking.top(scores, 0, 6, 10, new int[] {})).containsExactly(5, 1, 2, 4, 0, 3);
    }

    @Test
    void catalogRowsPairEachUserWithEveryItemInOrder() {
        float[] rows = Ranking.catalogRows(new int[] {7, 9}, 3, 2, 0, 1);

        assertThat(rows).containsExactly(7, 0, 7, 1, 7, 2, 9, 0, 9, 1, 9, 2);
    }
}
