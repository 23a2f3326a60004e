package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
}
