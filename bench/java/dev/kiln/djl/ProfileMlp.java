package dev.kiln.djl;

/** Runs Kiln's MLP loop for a while, for profiling with JFR: {@code ProfileMlp batch seconds}. */
public final class ProfileMlp {
    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        long until = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        var data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        while (System.nanoTime() < until) {
            System.out.printf("%.0f samples/s%n", KilnMlp.samplesPerSecond(engine, data, batch, 2, 1));
        }
    }
}
