package dev.kiln.djl;

/** Runs Kiln's MLP loop for a while, for profiling with JFR: {@code ProfileMlp batch seconds}. */
public final class ProfileMlp {
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        long until = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        var data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        var engine = new DjlTrainingEngine(new dev.kiln.training.TrainingSettings(1, java.time.Duration.ofSeconds(1), 0));
        while (System.nanoTime() < until) {
            System.out.printf("%.0f samples/s%n", KilnMlp.samplesPerSecond(engine, data, batch, 2, 1));
        }
    }
}
