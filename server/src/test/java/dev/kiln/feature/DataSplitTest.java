package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    @Test
    void keepsEachClassShareInTheValidationPart() {
        int[] rows = IntStream.range(0, 100).toArray();
        int[] classes = IntStream.range(0, 100).map(i -> i < 90 ? 0 : 1).toArray();

        DataSplit split = DataSplit.of(rows, classes, 0.2, 42);

        assertThat(split.validation()).hasSize(20);
        assertThat(Arrays.stream(split.validation()).filter(r -> r >= 90).count()).isEqualTo(2);
        assertThat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())).sorted()
                .toArray()).isEqualTo(rows);
    }

    @Test
    void isTheSameForTheSameSeedAndDiffersForAnother() {
        int[] rows = IntStream.range(0, 50).toArray();

        assertThat(DataSplit.of(rows, null, 0.3, 1).validation()).isEqualTo(DataSplit.of(rows, null, 0.3, 1).validation());
        assertThat(DataSplit.of(rows, null, 0.3, 1).validation()).isNotEqualTo(DataSplit.of(rows, null, 0.3, 2).validation());
    }

    @Test
    void neverHoldsOutTheOnlyRowOfAClass() {
        DataSplit split = DataSplit.of(new int[] {0, 1, 2}, new int[] {0, 0, 1}, 0.5, 3);

        assertThat(split.train()).contains(2);
    }

    @Test
    void holdsNothingOutWithAZeroFraction() {
        DataSplit split = DataSplit.of(new int[] {4, 5}, null, 0, 3);

        assertThat(split.train()).containsExactly(4, 5);
        assertThat(split.validation()).isEmpty();
    }

    @Test
    void holdsOutTheRowsSplitsHeldOutBeforeTheyWereComputedOnArrays() {
        Random draw = new Random(5);
        int[] rows = IntStream.range(0, 5_000).filter(r -> draw.nextInt(10) > 0).toArray(); // rows without a target gone
        int[] classes = Arrays.stream(rows).map(r -> (r * 7919) % 5 == 0 ? 7 : r % 3).toArray();

        for (long seed : new long[] {0, 1, 42}) {
            assertThat(DataSplit.of(rows, classes, 0.2, seed).validation()).as("seed %d", seed)
                    .isEqualTo(heldOutAsBefore(rows, classes, 0.2, seed));
            assertThat(DataSplit.of(rows, null, 0.25, seed).validation()).as("seed %d, no classes", seed)
                    .isEqualTo(heldOutAsBefore(rows, null, 0.25, seed));
        }
    }

    /** The split as Kiln computed it with boxed lists and Collections.shuffle, so that seeded runs keep their rows. */
    private static int[] heldOutAsBefore(int[] rows, int[] classes, double fraction, long seed) {
        Random random = new Random(seed);
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            groups.computeIfAbsent(classes == null ? 0 : classes[i], k -> new ArrayList<>()).add(rows[i]);
        }
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            Collections.shuffle(group, random);
            validation.addAll(group.subList(0, Math.min((int) Math.round(group.size() * fraction), group.size() - 1)));
        }
        return validation.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
