package dev.kiln.djl;

import java.nio.file.Path;

/**
 * Runs one of Kiln's benchmark loops for a while, for profiling with JFR ({@code bench/profile.sh}):
 * {@code ProfileLoops mlp|mf|cnn seconds [batch]} — the MLP of the loop benchmarks (batch 256 unless given, one
 * thread), matrix factorization on ml-latest-small (32 factors, batch 256, one thread), the Fashion-MNIST CNN
 * (6,000 images, batch 128, the threads the policy picks).
 */
public final class ProfileLoops {
    private ProfileLoops() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        long until = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        switch (kind) {
            case "mlp" -> {
                var data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
                while (System.nanoTime() < until) {
                    System.out.printf("%.0f samples/s%n", KilnMlp.samplesPerSecond(engine, data, batch, 2, 1));
                }
            }
            case "mf" -> {
                var data = RecommendBenchmarks.read(Path.of("bench/data/ml-latest-small/ratings.csv"));
                while (System.nanoTime() < until) {
                    System.out.printf("%.0f samples/s%n", RecommendBenchmarks.kiln(engine, data, 32, 1));
                }
            }
            case "cnn" -> {
                Path dir = Path.of("/usr/share/datasets/fashion-mnist");
                int rows = 6000;
                byte[] pixels = CnnBenchmarks.read(dir.resolve("train-images-idx3-ubyte.gz"), 16, rows * 784);
                byte[] labels = CnnBenchmarks.read(dir.resolve("train-labels-idx1-ubyte.gz"), 8, rows);
                float[] targets = new float[rows];
                for (int i = 0; i < rows; i++) {
                    targets[i] = labels[i];
                }
                var data = dev.kiln.feature.EncodedRows.images(pixels, targets, rows, 784);
                var spec = dev.kiln.persistence.JsonColumn.mapper().readValue(CnnServiceBenchmark.MODEL,
                        dev.kiln.model.ModelSpec.class);
                int threads = ThreadPolicy.choose(null, 0, spec, new int[] {1, 28, 28}, CnnBenchmarks.BATCH,
                        Runtime.getRuntime().availableProcessors(), 1);
                while (System.nanoTime() < until) {
                    System.out.printf("%.0f images/s%n", CnnBenchmarks.kiln(engine, spec, data, 1, threads));
                }
            }
            default -> throw new IllegalArgumentException("mlp, mf or cnn, not " + kind);
        }
    }
}
