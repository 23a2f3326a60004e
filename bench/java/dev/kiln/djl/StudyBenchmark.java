package dev.kiln.djl;

import dev.kiln.KilnApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How well Kiln's studies search, over HTTP on one Kiln (H2) in this process, on the shared breast-cancer training
 * split (455 rows; validationSplit 0.25, fixed), objective val_loss, a space of learning rate (logUniform), batch size
 * (choice), first layer's units (intUniform, step 4) and dropout rate (uniform):
 * <ol>
 *   <li>TPE vs random: for each seed, a random and a TPE study of the same trials (10 epochs each), alternating which
 *       goes first; the best objective of each, and the mean over seeds.</li>
 *   <li>ASHA vs no pruning: for each seed, a random study (its trials are the same configurations whatever the pruner:
 *       a trial's sample depends on the seed and its number only) without pruning and with ASHA (minEpochs 2,
 *       reductionFactor 3); the best objective of each and the epochs trained, counted from the epoch rows.</li>
 * </ol>
 * Arguments: [seeds=5] [trials=20] [ashaEpochs=18] [ashaSeeds=3] [ashaMinEpochs=2] [ashaFactor=3] [ashaBrackets=1]
 * [data=breast|fashion] [fashionRows=6000]: {@code fashion} runs both on the first rows of Debian's Fashion-MNIST
 * training images (784 pixel columns in [0, 1], a 10-class label; epochs long enough that a pruned trial's stop lands
 * inside the epoch after its rung, as it does for real workloads, rather than epochs later).
 */
public final class StudyBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String target = "target";

    private StudyBenchmark() {}

    /** The first {@code rows} Fashion-MNIST training images as CSV: p0..p783 in [0, 1], then label. */
    private static byte[] fashionCsv(int rows) throws java.io.IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        byte[] images;
        byte[] labels;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("train-images-idx3-ubyte.gz")))) {
            images = in.readAllBytes();
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("train-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 784; i++) {
            out.append('p').append(i).append(',');
        }
        out.append("label\n");
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < 784; i++) {
                int v = images[16 + r * 784 + i] & 0xff;
                out.append(v == 0 ? "0" : String.format(Locale.ROOT, "%.4f", v / 255.0)).append(',');
            }
            out.append("c").append(labels[8 + r] & 0xff).append('\n');
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int ashaEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 18;
        int ashaSeeds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int minEpochs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int factor = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int brackets = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        boolean fashion = args.length > 7 && args[7].equals("fashion");
        int fashionRows = args.length > 8 ? Integer.parseInt(args[8]) : 6000;
        String ashaPruner = "{\"type\": \"asha\", \"minEpochs\": %d, \"reductionFactor\": %d, \"brackets\": %d}"
                .formatted(minEpochs, factor, brackets);
        Path files = Files.createTempDirectory("kiln-study-bench-");
        ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--db-scheduler.polling-interval=200ms",
                "--kiln.studies.sweep-interval=1s");
        try {
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            byte[] csv = fashion ? fashionCsv(fashionRows) : Files.readAllBytes(Path.of("server/src/test/resources/data",
                    "breast_cancer_train.csv"));
            String dataset = BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file", "data.csv",
                    csv))));
            String model = http.post("/models", """
                    {"name": "bench", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                     {"type": "dropout", "rate": 0.2}, {"type": "dense", "units": %s}]}"""
                    .formatted(fashion ? "10, \"activation\": \"softmax\"" : "1, \"activation\": \"sigmoid\""));
            target = fashion ? "label" : "target";
            System.out.println(fashion ? "data: the first " + fashionRows + " Fashion-MNIST training images"
                    : "data: the shared breast-cancer training split");

            System.out.printf("TPE vs random: %d trials of 10 epochs per study, parallelism 2%n", trials);
            System.out.println("seed  random_best  tpe_best   (val_loss, lower is better)");
            List<Double> random = new ArrayList<>();
            List<Double> tpe = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                double r;
                double t;
                if (seed % 2 == 1) {
                    r = best(study(http, dataset, model, "random", "{\"type\": \"none\"}", trials, 10, seed));
                    t = best(study(http, dataset, model, "tpe", "{\"type\": \"none\"}", trials, 10, seed));
                } else {
                    t = best(study(http, dataset, model, "tpe", "{\"type\": \"none\"}", trials, 10, seed));
                    r = best(study(http, dataset, model, "random", "{\"type\": \"none\"}", trials, 10, seed));
                }
                random.add(r);
                tpe.add(t);
                System.out.printf(Locale.ROOT, "%4d  %11.5f  %8.5f%n", seed, r, t);
            }
            System.out.printf(Locale.ROOT, "mean  %11.5f  %8.5f   TPE better or equal in %d of %d seeds%n",
                    mean(random), mean(tpe), count(random, tpe), seeds);

            System.out.printf("%nASHA vs no pruning: random studies of %d trials of %d epochs, parallelism 2; %s%n", trials,
                    ashaEpochs, ashaPruner);
            List<Double> ratios = new ArrayList<>();
            List<Double> fractions = new ArrayList<>();
            System.out.println("seed  none_best  asha_best  best_ratio  none_epochs  asha_epochs  epoch_fraction  pruned"
                    + "  epochs_after_decision");
            for (int seed = 1; seed <= ashaSeeds; seed++) {
                JsonNode none = study(http, dataset, model, "random", "{\"type\": \"none\"}", trials, ashaEpochs, seed);
                JsonNode asha = study(http, dataset, model, "random", ashaPruner, trials, ashaEpochs, seed);
                ratios.add(best(asha) / best(none));
                fractions.add(asha.get("epochsTrained").asDouble() / none.get("epochsTrained").asDouble());
                int pruned = asha.path("counts").path("PRUNED").asInt(0);
                int overrun = 0;
                for (JsonNode t : asha.get("trials")) {
                    if (t.get("state").asString().equals("PRUNED")) {
                        overrun += t.get("epochs").asInt() - minEpochs * (int) Math.pow(factor, t.get("bracket").asInt()
                                + t.get("prunedRung").asInt());
                    }
                }
                System.out.printf(Locale.ROOT, "%4d  %9.5f  %9.5f  %10.4f  %11d  %11d  %14.3f  %6d  %21d%n", seed,
                        best(none),
                        best(asha), best(asha) / best(none), none.get("epochsTrained").asInt(),
                        asha.get("epochsTrained").asInt(),
                        asha.get("epochsTrained").asDouble() / none.get("epochsTrained").asDouble(), pruned, overrun);
            }
            if (!ratios.isEmpty()) {
                System.out.printf(Locale.ROOT, "mean best_ratio %.4f (median %.4f), mean epoch_fraction %.3f%n",
                        mean(ratios), ratios.stream().sorted().toList().get(ratios.size() / 2), mean(fractions));
            }
        } finally {
            kiln.close();
        }
    }

    private static JsonNode study(BenchHttp http, String dataset, String model, String algorithm, String pruner,
                                  int trials, int epochs, int seed) throws InterruptedException {
        String id = http.post("/studies", """
                {"name": "%s seed %d", "objective": {"metric": "val_loss"}, "algorithm": "%s", "pruner": %s,
                 "maxTrials": %d, "parallelism": 2, "seed": %d,
                 "run": {"datasetId": "%s", "modelId": "%s", "target": "%s",
                         "hyperparameters": {"epochs": %d, "validationSplit": 0.25, "seed": 1}},
                 "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.0001, 0.3]},
                           "hyperparameters.batchSize": {"choice": [8, 16, 32, 64]},
                           "model.layers[0].units": {"intUniform": [4, 64], "step": 4},
                           "model.layers[1].rate": {"uniform": [0.0, 0.5]}}}"""
                .formatted(algorithm, seed, algorithm, pruner, trials, seed, dataset, model, target, epochs));
        while (true) {
            JsonNode study = JSON.readTree(http.get("/studies/" + id));
            String status = study.get("status").asString();
            if (status.equals("COMPLETED")) {
                return study;
            }
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                throw new IllegalStateException("study " + id + " " + status + ": " + study.get("reason"));
            }
            Thread.sleep(500);
        }
    }

    private static double best(JsonNode study) {
        return study.get("bestTrial").get("objective").asDouble();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static int count(List<Double> random, List<Double> tpe) {
        int n = 0;
        for (int i = 0; i < random.size(); i++) {
            n += tpe.get(i) <= random.get(i) ? 1 : 0;
        }
        return n;
    }
}
