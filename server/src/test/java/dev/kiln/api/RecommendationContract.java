package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Recommendation over HTTP on a MovieLens subset (ml-latest-small, 300 users × the 400 most rated movies, 22,052
 * ratings; provenance in data/ratings/README.md). Explicit: a rating run of matrix factorization against the
 * global mean and the damped user+item bias baseline, both computed here from the training split. Implicit: a
 * ranking run held out leave-last-out against a most-popular recommender computed here. Then recommend,
 * similar-items and cold start on the trained runs. Implemented once per database.
 */
public interface RecommendationContract {
    /** Each started Kiln's trained rating run, by base URL (trained once, used by several tests). */
    Map<String, String> RATING_RUNS = new ConcurrentHashMap<>();
    Map<String, String> TRAIN_IDS = new ConcurrentHashMap<>();

    KilnHttp http();

    /** userId, movieId, rating, timestamp, genre (the movie's first genre in MovieLens's movies.csv). */
    record Rating(String user, String item, double rating, long time, String genre) {}

    static List<Rating> ratings() {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/resources/data/ratings/ratings.csv"));
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).map(f -> new Rating(f[0], f[1],
                    Double.parseDouble(f[2]), Long.parseLong(f[3]), f[4])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The explicit split: every fifth rating (index % 5 == 0) is a test rating — 20%, spread over the users. */
    static boolean isTest(int index) {
        return index % 5 == 0;
    }

    private String upload(String name, List<Rating> rows) {
        return upload(http(), name, rows);
    }

    static String upload(KilnHttp http, String name, List<Rating> rows) {
        StringBuilder csv = new StringBuilder("userId,movieId,rating,timestamp,genre\n");
        rows.forEach(r -> csv.append(r.user()).append(',').append(r.item()).append(',').append(r.rating())
                .append(',').append(r.time()).append(',').append(r.genre()).append('\n'));
        KilnHttp.Answer answer = http.upload(name, csv.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    static List<Rating> part(boolean test) {
        List<Rating> all = ratings();
        return IntStream.range(0, all.size()).filter(i -> isTest(i) == test).mapToObj(all::get).toList();
    }

    String MATRIX_FACTORIZATION = """
            {"name": "mf", "layers": [{"type": "matrixFactorization", "factors": 32, "l2": 0.1}]}""";

    private String ratingRun() {
        return ratingRun(http());
    }

    /** The rating run of matrix factorization on the explicit split, trained once per server. */
    static String ratingRun(KilnHttp http) {
        return RATING_RUNS.computeIfAbsent(http.base(), base -> {
            String train = upload(http, "ratings_train.csv", part(false));
            TRAIN_IDS.put(base, train);
            String test = upload(http, "ratings_test.csv", part(true));
            String run = http.submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "task": "rating", "testDatasetId": "%s",
                     "interactions": {"user": "userId", "item": "movieId", "rating": "rating"},
                     "hyperparameters": {"epochs": 30, "batchSize": 256, "seed": 1, "validationSplit": 0.0,
                                         "optimizer": {"type": "adam", "learningRate": 0.002}}}"""
                    .formatted(train, http.createModel(MATRIX_FACTORIZATION), test));
            JsonNode done = http.awaitRun(run, Duration.ofMinutes(5), "SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            return run;
        });
    }

    @Test
    default void matrixFactorizationBeatsTheDampedBiasBaselineAndTheGlobalMeanOnHeldOutRatings() {
        List<Rating> train = part(false);
        List<Rating> test = part(true);
        double mean = train.stream().mapToDouble(Rating::rating).average().orElseThrow();
        // damped biases (Koren 2008): b_i = Σ(r − μ)/(25 + n_i), then b_u = Σ(r − μ − b_i)/(10 + n_u)
        Map<String, double[]> items = new HashMap<>();
        train.forEach(r -> items.computeIfAbsent(r.item(), k -> new double[2])[0] += r.rating() - mean);
        train.forEach(r -> items.get(r.item())[1]++);
        Map<String, Double> itemBias = new HashMap<>();
        items.forEach((item, s) -> itemBias.put(item, s[0] / (25 + s[1])));
        Map<String, double[]> users = new HashMap<>();
        train.forEach(r -> {
            double[] s = users.computeIfAbsent(r.user(), k -> new double[2]);
            s[0] += r.rating() - mean - itemBias.get(r.item());
            s[1]++;
        });
        double globalMean = Math.sqrt(test.stream().mapToDouble(r -> Math.pow(r.rating() - mean, 2)).average()
                .orElseThrow());
        double biases = Math.sqrt(test.stream().mapToDouble(r -> {
            double[] u = users.get(r.user());
            double predicted = mean + itemBias.getOrDefault(r.item(), 0.0) + (u == null ? 0 : u[0] / (10 + u[1]));
            return Math.pow(r.rating() - predicted, 2);
        }).average().orElseThrow());

        JsonNode run = http().get("/api/v1/runs/" + ratingRun()).json();
        double rmse = run.get("metrics").get("test_rmse").asDouble();
        System.out.printf("MovieLens subset, explicit: MF test rmse %.4f; damped biases %.4f; global mean %.4f%n",
                rmse, biases, globalMean);
        assertThat(biases).isLessThan(globalMean);
        assertThat(rmse).isLessThan(biases);
        assertThat(run.get("metrics").has("test_mae")).isTrue();
        JsonNode catalog = run.get("preprocessing").get("interactions");
        assertThat(catalog.get("users").asInt()).isEqualTo(300);
        assertThat(catalog.has("seen")).as("a run shows counts, not every user's items").isFalse();
    }

    @Test
    default void recommendationsNeverRepeatATrainingItemAndAreBestFirstWithinTheRatingRange() {
        String run = ratingRun();
        Map<String, Set<String>> seen = new HashMap<>();
        part(false).forEach(r -> seen.computeIfAbsent(r.user(), k -> new HashSet<>()).add(r.item()));
        for (String user : List.of("2", "15", "73", "388")) {
            KilnHttp.Answer answer = http().postJson("/api/v1/runs/" + run + "/recommend",
                    Map.of("user", user, "k", 20, "excludeSeen", true));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode items = answer.json().get("items");
            assertThat(answer.json().get("coldStart").asBoolean()).isFalse();
            assertThat(items).hasSize(20);
            List<Double> scores = new ArrayList<>();
            for (JsonNode item : items) {
                assertThat(seen.get(user)).as("user %s rated it in training", user)
                        .doesNotContain(item.get("item").asString());
                scores.add(item.get("score").asDouble());
            }
            assertThat(scores).isSortedAccordingTo(Comparator.reverseOrder()).allMatch(s -> s >= 0.5 && s <= 5.0);
        }
        JsonNode top = http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", "2", "k", 5)).json();
        for (JsonNode item : top.get("items")) {
            JsonNode predicted = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(
                    Map.of("userId", 2, "movieId", item.get("item").asString())))).json().get("predictions").get(0);
            assertThat(item.get("score").asDouble()).as("the matrix product equals the network's prediction")
                    .isCloseTo(predicted.get("value").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(predicted.get("value").asDouble()).as("clipped to the rating range").isBetween(0.5, 5.0);
        }
        JsonNode all = http().postJson("/api/v1/runs/" + run + "/recommend",
                Map.of("user", "2", "k", 400, "excludeSeen", false)).json();
        assertThat(all.get("items")).as("without excludeSeen every item is a candidate").hasSize(400);
    }

    @Test
    default void anUnknownUserGetsTheMostPopularTrainingItemsAsAColdStart() {
        String run = ratingRun();
        Map<String, Long> counts = new HashMap<>();
        part(false).forEach(r -> counts.merge(r.item(), 1L, Long::sum));
        List<String> popular = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(Map.Entry::getKey).toList();

        JsonNode answer = http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", "no-such-user",
                "k", 5)).json();

        assertThat(answer.get("coldStart").asBoolean()).isTrue();
        List<String> items = new ArrayList<>();
        answer.get("items").forEach(i -> items.add(i.get("item").asString()));
        assertThat(items).containsExactlyElementsOf(popular);
    }

    @Test
    default void similarItemsAreTheClosestByCosineAndLeaveTheItemOut() {
        JsonNode answer = http().postJson("/api/v1/runs/" + ratingRun() + "/similar-items",
                Map.of("item", "356", "k", 10)).json();

        List<Double> scores = new ArrayList<>();
        answer.get("items").forEach(i -> {
            assertThat(i.get("item").asString()).isNotEqualTo("356");
            scores.add(i.get("score").asDouble());
        });
        assertThat(scores).hasSize(10).isSortedAccordingTo(Comparator.reverseOrder())
                .allMatch(s -> s >= -1.0001 && s <= 1.0001);
    }

    @Test
    default void aScoringJobWritesEachUsersTopKAsRecommendWouldAndTheArtifactRecommendsTheSame() {
        String run = ratingRun();
        KilnHttp.Answer users = http().upload("users.csv", "userId\n15\n2\n15\nstranger\n"
                .getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(users.status()).as(users.body()).isEqualTo(201);

        KilnHttp.Answer job = http().postJson("/api/v1/runs/" + run + "/predictions",
                Map.of("datasetId", users.id(), "k", 3));

        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String location = job.headers().firstValue("Location").orElseThrow();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() ->
                http().get(location).json().get("status").asString().equals("SUCCEEDED"));
        List<String> lines = http().get(location + "/result", "text/csv").body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("user,rank,item,score");
        assertThat(lines).as("header, then 3 rows for each of 15, 2 and stranger").hasSize(10);
        List<String> expected = new ArrayList<>();
        for (String user : List.of("15", "2", "stranger")) {
            JsonNode top = http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", user, "k", 3)).json();
            int rank = 1;
            for (JsonNode item : top.get("items")) {
                expected.add(user + "," + rank++ + "," + item.get("item").asString());
            }
        }
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList())
                .isEqualTo(expected);

        byte[] artifact = http().bytes("/api/v1/runs/" + run + "/model");
        KilnHttp.Answer imported = http().uploadTo("/api/v1/models/import", "mf.zip", artifact);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String copy = imported.json().get("runId").asString();
        for (String user : List.of("2", "stranger")) {
            assertThat(http().postJson("/api/v1/runs/" + copy + "/recommend", Map.of("user", user)).json()
                    .get("items")).as("the re-imported run recommends as the original does")
                    .isEqualTo(http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", user)).json()
                            .get("items"));
        }
    }

    @Test
    default void aTwoTowerModelWithAnItemSideFeatureTrainsAndRecommendsWithEachItemsGenre() {
        String train = upload("ratings_train.csv", part(false));
        String test = upload("ratings_test.csv", part(true));
        String model = http().createModel("""
                {"name": "two-tower", "layers": [
                 {"type": "input", "name": "user"}, {"type": "input", "name": "item"},
                 {"type": "input", "name": "genre", "columns": ["genre"]},
                 {"type": "embedding", "name": "user_ids", "inputs": ["user"], "outputDim": 16},
                 {"type": "flatten", "name": "user_flat", "inputs": ["user_ids"]},
                 {"type": "dense", "name": "user_tower", "inputs": ["user_flat"], "units": 16},
                 {"type": "embedding", "name": "item_ids", "inputs": ["item"], "outputDim": 16},
                 {"type": "flatten", "name": "item_flat", "inputs": ["item_ids"]},
                 {"type": "embedding", "name": "genres", "inputs": ["genre"], "outputDim": 4},
                 {"type": "flatten", "name": "genre_flat", "inputs": ["genres"]},
                 {"type": "concatenate", "name": "item_features", "inputs": ["item_flat", "genre_flat"]},
                 {"type": "dense", "name": "item_tower", "inputs": ["item_features"], "units": 16},
                 {"type": "dot", "inputs": ["user_tower", "item_tower"]}]}""");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "task": "rating", "testDatasetId": "%s",
                 "interactions": {"user": "userId", "item": "movieId", "rating": "rating"},
                 "hyperparameters": {"epochs": 10, "batchSize": 256, "seed": 1, "validationSplit": 0.0,
                                     "optimizer": {"type": "adam", "learningRate": 0.002}}}"""
                .formatted(train, model, test));
        JsonNode done = http().awaitRun(run, Duration.ofMinutes(5), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        JsonNode shown = http().get("/api/v1/runs/" + run).json();
        double mean = part(false).stream().mapToDouble(Rating::rating).average().orElseThrow();
        double globalMean = Math.sqrt(part(true).stream().mapToDouble(r -> Math.pow(r.rating() - mean, 2)).average()
                .orElseThrow());
        System.out.printf("MovieLens subset, explicit: two-tower with genre test rmse %.4f (global mean %.4f)%n",
                shown.get("metrics").get("test_rmse").asDouble(), globalMean);
        assertThat(shown.get("metrics").get("test_rmse").asDouble()).isLessThan(globalMean);
        assertThat(shown.get("features")).extracting(JsonNode::asString).containsExactly("userId", "movieId", "genre");
        JsonNode side = shown.get("preprocessing").get("interactions").get("sideFeatures").get(0);
        assertThat(side.get("column").asString()).isEqualTo("genre");
        assertThat(side.get("owner").asString()).as("each movie has one genre").isEqualTo("ITEM");

        Map<String, Set<String>> seen = new HashMap<>();
        part(false).forEach(r -> seen.computeIfAbsent(r.user(), k -> new HashSet<>()).add(r.item()));
        JsonNode top = http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", "15", "k", 5)).json();
        assertThat(top.get("coldStart").asBoolean()).isFalse();
        for (JsonNode item : top.get("items")) {
            assertThat(seen.get("15")).doesNotContain(item.get("item").asString());
            String genre = ratings().stream().filter(r -> r.item().equals(item.get("item").asString())).findFirst()
                    .orElseThrow().genre();
            double predicted = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(Map.of(
                    "userId", 15, "movieId", item.get("item").asString(), "genre", genre)))).json()
                    .get("predictions").get(0).get("value").asDouble();
            assertThat(item.get("score").asDouble()).as("scored with the item's own genre")
                    .isCloseTo(predicted, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "loss {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bce", "bpr"})
    default void rankingWithLeaveLastOutBeatsTheMostPopularRecommenderOnHitRateAndNdcg(String loss) {
        List<Rating> all = ratings();
        // each user's latest interaction is held out (ties: the later row), as the run's leaveLastOut split does
        Map<String, Integer> latest = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Integer at = latest.get(all.get(i).user());
            if (at == null || all.get(i).time() >= all.get(at).time()) {
                latest.put(all.get(i).user(), i);
            }
        }
        Set<Integer> held = new HashSet<>(latest.values());
        Map<String, Long> counts = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            if (!held.contains(i)) {
                counts.merge(all.get(i).item(), 1L, Long::sum);
                seen.computeIfAbsent(all.get(i).user(), k -> new HashSet<>()).add(all.get(i).item());
            }
        }
        List<String> byPopularity = counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                .reversed().thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).toList();
        double hits = 0;
        double ndcg = 0;
        int users = 0;
        for (int i : held) {
            Rating r = all.get(i);
            if (!counts.containsKey(r.item()) || seen.get(r.user()).contains(r.item())) {
                continue; // an item training never saw cannot be ranked (the run leaves such users out too)
            }
            users++;
            List<String> top = byPopularity.stream().filter(item -> !seen.get(r.user()).contains(item)).limit(10)
                    .toList();
            int rank = top.indexOf(r.item());
            if (rank >= 0) {
                hits++;
                ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
            }
        }
        double popularHitRate = hits / users;
        double popularNdcg = ndcg / users;

        String data = upload("ratings_all.csv", all);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "task": "ranking",
                 "interactions": {"user": "userId", "item": "movieId", "timestamp": "timestamp", "negatives": 4,
                                  "loss": "%s"},
                 "hyperparameters": {"epochs": 20, "batchSize": 256, "seed": 1,
                                     "optimizer": {"type": "adam", "learningRate": 0.005}}}"""
                .formatted(data, http().createModel("""
                        {"name": "mf-ranking", "layers": [{"type": "matrixFactorization", "factors": 32}]}"""), loss));
        JsonNode done = http().awaitRun(run, Duration.ofMinutes(6), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        JsonNode metrics = http().get("/api/v1/runs/" + run).json().get("metrics");
        double hitRate = metrics.get("val_hitRate@10").asDouble();
        double runNdcg = metrics.get("val_ndcg@10").asDouble();
        System.out.printf("MovieLens subset, leave-last-out, %s: MF hitRate@10 %.4f ndcg@10 %.4f; most popular %.4f "
                + "%.4f (%d users)%n", loss, hitRate, runNdcg, popularHitRate, popularNdcg, users);
        assertThat(hitRate).isGreaterThan(popularHitRate);
        assertThat(runNdcg).isGreaterThan(popularNdcg);
        JsonNode spec = http().get("/api/v1/runs/" + run).json().get("spec");
        assertThat(spec.get("interactions").get("split").asString()).as("the default with a timestamp")
                .isEqualTo("leaveLastOut");
    }
}
