package dev.kiln.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InteractionSplitTest {
    static final int[] ROWS = {10, 11, 12, 13, 14, 15, 16};
    static final String[] USERS = {"a", "b", "a", "a", "b", "c", "b"};
    static final double[] TIMES = {5, 1, 9, 9, 3, 4, 2};

    @Test
    void leaveLastOutHoldsOutEachUsersLatestWithTiesToTheLaterRowAndKeepsASingleInteraction() {
        InteractionSplit split = InteractionSplit.of(HoldOut.LEAVE_LAST_OUT, ROWS, USERS, TIMES, 0.2, 1);

        // a: rows 12 and 13 both at time 9 → the later, 13; b: latest at time 3 → 14; c has one interaction
        assertThat(split.heldOut()).containsExactly(13, 14);
        assertThat(split.train()).containsExactly(10, 11, 12, 15, 16);
    }

    @Test
    void userFractionHoldsOutAShareOfEachUserButNeverAllOfIt() {
        InteractionSplit split = InteractionSplit.of(HoldOut.USER_FRACTION, ROWS, USERS, null, 0.5, 3);

        long heldA = Arrays.stream(split.heldOut()).filter(r -> r == 10 || r == 12 || r == 13).count();
        long heldB = Arrays.stream(split.heldOut()).filter(r -> r == 11 || r == 14 || r == 16).count();
        assertThat(heldA).as("round(3 × 0.5) = 2 of a's 3").isEqualTo(2);
        assertThat(heldB).isEqualTo(2);
        assertThat(split.train()).as("c's only interaction stays").contains(15);
    }

    @Test
    void aRandomSplitHoldsOutTheFractionOfAllAndIsTheSameForTheSameSeed() {
        InteractionSplit first = InteractionSplit.of(HoldOut.RANDOM, ROWS, USERS, null, 0.3, 42);
        InteractionSplit again = InteractionSplit.of(HoldOut.RANDOM, ROWS, USERS, null, 0.3, 42);

        assertThat(first.heldOut()).hasSize(2).containsExactly(again.heldOut());
        assertThat(first.train()).hasSize(5);
    }
}
