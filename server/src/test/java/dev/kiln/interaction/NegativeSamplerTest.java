package dev.kiln.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.InteractionCatalog;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    /** Users 0 and 1 over 6 items: user 0 interacted with 0, 1, 2; user 1 with 2 and 3. */
    static final int[] USERS = {0, 0, 0, 1, 1};
    static final int[] ITEMS = {0, 1, 2, 2, 3};
    static final InteractionCatalog CATALOG = InteractionCatalog.fit("u", "i", 2, 6, USERS, ITEMS, null);

    @Test
    void bceRowsAreEachPositiveLabelledOneWithItsNegativesLabelledZeroNeverASeenItem() {
        var sampler = new NegativeSampler(USERS, ITEMS, CATALOG.seenItems(), 6, 3, RankingLoss.BCE, null, 7);

        EncodedRows rows = sampler.epoch(1);

        assertThat(rows.rows()).isEqualTo(5 * 4);
        int positives = 0;
        for (int r = 0; r < rows.rows(); r++) {
            int user = (int) rows.features()[2 * r];
            int item = (int) rows.features()[2 * r + 1];
            boolean seen = CATALOG.seenItems().contains(user, item);
            assertThat(seen).as("row %d: a positive is seen, a negative never", r).isEqualTo(rows.targets()[r] == 1f);
            positives += rows.targets()[r] == 1f ? 1 : 0;
        }
        assertThat(positives).isEqualTo(5);
        assertThat(sampler.epoch(1).features()).as("an epoch's rows are the same when asked again")
                .containsExactly(rows.features());
        assertThat(sampler.epoch(2).features()).isNotEqualTo(rows.features());
    }

    @Test
    void bprRowsComeInPairsOfAPositiveThenANegativeOfTheSameUser() {
        var sampler = new NegativeSampler(USERS, ITEMS, CATALOG.seenItems(), 6, 2, RankingLoss.BPR, null, 7);

        EncodedRows rows = sampler.epoch(1);

        assertThat(rows.rows()).isEqualTo(5 * 2 * 2);
        for (int pair = 0; pair < rows.rows() / 2; pair++) {
            int p = 2 * pair;
            assertThat(rows.targets()[p]).isEqualTo(1f);
            assertThat(rows.targets()[p + 1]).isEqualTo(0f);
            assertThat(rows.features()[2 * p]).as("the same user").isEqualTo(rows.features()[2 * (p + 1)]);
            assertThat(CATALOG.seenItems().contains((int) rows.features()[2 * (p + 1)],
                    (int) rows.features()[2 * (p + 1) + 1])).isFalse();
        }
    }

    @Test
    void popularityDrawsItemsInProportionToTheirInteractions() {
        // user 9 (unknown to the catalog's seen lists) over items with 1, 0, 3 and 0 interactions
        int[] popularity = {1, 0, 3, 0};
        var sampler = new NegativeSampler(new int[20_000], new int[20_000], new InteractionCatalog.Seen(new int[1][0]),
                4, 1, RankingLoss.BCE, popularity, 1);

        int[] drawn = new int[4];
        EncodedRows rows = sampler.epoch(1);
        for (int r = 0; r < rows.rows(); r++) {
            if (rows.targets()[r] == 0f) {
                drawn[(int) rows.features()[2 * r + 1]]++;
            }
        }

        assertThat(drawn[1] + drawn[3]).as("items nobody interacted with").isZero();
        assertThat(drawn[2] / (double) drawn[0]).isBetween(2.8, 3.2);
    }
}
