package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.Pooling;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An embedding network with an l2 penalty on its lookups (matrix factorization's kind) trains the same every time. */
class EmbeddingDeterminismTest {
    private static final int LENGTH = 8;
    private static final int IDS = 500;
    private final DjlTrainingEngine engine = new DjlTrainingEngine(TrainingSettings.defaults());

    private static EncodedRows ids(int rows, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * LENGTH];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < LENGTH; i++) {
                int id = 1 + random.nextInt(IDS - 1);
                x[r * LENGTH + i] = id;
                if (id < 40) {
                    y[r] = 1f;
                }
            }
        }
        return new EncodedRows(x, y, rows, LENGTH);
    }

    private List<Map<String, Double>> train(int epochs) {
        var spec = new ModelSpec("bag", List.of(
                new LayerSpec.Embedding(null, null, IDS, 16, true, Initializer.RANDOM_UNIFORM, 0.1),
                new Pooling.GlobalAvgPool1d(null, null),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
        var hp = TrainingSpec.fromJson("""
                {"epochs": %d, "batchSize": 64, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": 1, "optimizer": {"type": "adam", "learningRate": 0.01}}""".formatted(epochs));
        var layout = new InputLayout(new int[] {LENGTH}, List.of(new InputLayout.Column("ids", 0, LENGTH, IDS, 0)));
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.BINARY, 2, new TrainingJob.Data(ids(3000, 7),
                Optional.empty(), Optional.empty(), 1.0), hp, TrainingJob.Control.plain(new Cancellation()), layout);
        Listeners listener = Listeners.quiet();
        engine.train(job, listener);
        return listener.epochs.stream().map(EpochReport::metrics).toList();
    }

    @Test
    void theSameSeedTrainsBitIdenticalLossesEveryTime() {
        List<List<Map<String, Double>>> trainings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            trainings.add(train(8));
            train(1 + i); // other work in between
            engine.train(TestJobs.binary(2, new Cancellation()), Listeners.quiet());
        }
        assertThat(trainings).allSatisfy(t -> assertThat(t).isEqualTo(trainings.get(0)));
    }
}
