package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadPolicyTest {
    private static ModelSpec mlp(int hidden) {
        return new ModelSpec("m", List.of(new LayerSpec.Dense(hidden, Activation.RELU, null),
                new LayerSpec.Dropout(null, null, 0.5), new LayerSpec.Dense(1, null, null)));
    }

    @Test
    void countsTheDenseLayersMultiplyAccumulatesPerBatch() {
        assertThat(ThreadPolicy.multiplyAccumulatesPerBatch(mlp(64), 10, 256)).isEqualTo(256L * (10 * 64 + 64));
    }

    @Test
    void givesSmallModelsOneThreadAndBigOnesEveryCoreSharedByConcurrentRuns() {
        assertThat(ThreadPolicy.choose(null, 0, mlp(64), 10, 256, 8, 1)).isEqualTo(1);
        assertThat(ThreadPolicy.choose(null, 0, mlp(1024), 512, 256, 8, 1)).isEqualTo(8);
        assertThat(ThreadPolicy.choose(null, 0, mlp(1024), 512, 256, 8, 3)).isEqualTo(2);
    }

    @Test
    void theRunsChoiceWinsOverTheConfigurationWhichWinsOverTheEstimate() {
        assertThat(ThreadPolicy.choose(3, 2, mlp(64), 10, 256, 8, 1)).isEqualTo(3);
        assertThat(ThreadPolicy.choose(null, 2, mlp(64), 10, 256, 8, 1)).isEqualTo(2);
    }
}
