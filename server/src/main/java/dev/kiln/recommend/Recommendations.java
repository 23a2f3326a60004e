package dev.kiln.recommend;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.InteractionCatalog;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.inference.Inference;
import dev.kiln.inference.ModelRuntime;
import dev.kiln.interaction.Ranking;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A user's recommendations: every item of the catalog scored for the user in one batch through the network (one
 * matrix product for matrix factorization), the user's training items left out on request, the top k kept. A
 * rating run's scores are predicted ratings in the rating's units, clipped to the training range; a ranking run's
 * are the network's raw scores (higher is better). Users the run never saw get the most popular training items,
 * scored by their training interactions, with {@code coldStart} true.
 */
@Service
public class Recommendations {
    private final Inference inference;
    /** Matrix factorization's tables per loaded network (forgotten with it), or empty for other graphs. */
    private final java.util.Map<ModelRuntime.LoadedNetwork, java.util.Optional<Factors>> factors =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final dev.kiln.telemetry.KilnMeters meters;

    Recommendations(Inference inference, dev.kiln.telemetry.KilnMeters meters) {
        this.inference = inference;
        this.meters = meters;
    }

    /** One recommended item and its score. */
    public record Scored(String item, double score) {}

    /** A user's recommendations, best first. */
    public record Recommended(String user, boolean coldStart, List<Scored> items) {}

    public Recommended recommend(UUID runId, String user, int k, boolean excludeSeen) {
        return meters.timed("recommend", () -> inference.recommender(runId, (task, spec, pipeline, network) ->
                recommend(new Catalog(task, spec, pipeline), network, user, checkedK(k, pipeline, "k"),
                        excludeSeen)));
    }

    /** The top k of each of {@code users}, in order. */
    public List<Recommended> recommendAll(UUID runId, List<String> users, int k, boolean excludeSeen) {
        return inference.recommender(runId, (task, spec, pipeline, network) -> {
            Catalog catalog = new Catalog(task, spec, pipeline);
            int checked = checkedK(k, pipeline, "k");
            List<Recommended> all = new ArrayList<>(users.size());
            for (String user : users) {
                all.add(recommend(catalog, network, user, checked, excludeSeen));
            }
            return all;
        });
    }

    /** The k items whose learned vectors are closest to the item's by cosine (the item itself left out). */
    public List<Scored> similarItems(UUID runId, String item, int k) {
        return meters.timed("similar", () -> similar(runId, item, k));
    }

    private List<Scored> similar(UUID runId, String item, int k) {
        return inference.recommender(runId, (task, spec, pipeline, network) -> {
            Catalog catalog = new Catalog(task, spec, pipeline);
            int checked = checkedK(k, pipeline, "k");
            int id = catalog.itemId(item);
            if (id < 0) {
                throw new InvalidRequest("item", "the run's training interactions have no item '" + item + "'");
            }
            if (checked > catalog.items() - 1) {
                throw new InvalidRequest("k", "at most " + (catalog.items() - 1) + " other items");
            }
            float[][] vectors = network.embedding(catalog.itemEmbedding());
            float[] scores = new float[catalog.items()];
            float[] mine = vectors[id + 1];
            for (int other = 0; other < scores.length; other++) {
                scores[other] = cosine(mine, vectors[other + 1]);
            }
            List<Scored> similar = new ArrayList<>();
            for (int other : Ranking.top(scores, 0, scores.length, checked, new int[] {id})) {
                similar.add(new Scored(catalog.item(other), scores[other]));
            }
            return similar;
        });
    }

    private Recommended recommend(Catalog catalog, ModelRuntime.LoadedNetwork network, String user, int k,
                                  boolean excludeSeen) {
        int id = catalog.userId(user);
        List<Scored> items = new ArrayList<>(k);
        if (id < 0) {
            int[] counts = catalog.interactions().popularity();
            for (int item : catalog.interactions().mostPopular(k)) {
                items.add(new Scored(catalog.item(item), counts == null ? 0 : counts[item]));
            }
            return new Recommended(user, true, items);
        }
        float[] scores = scores(catalog, network, id);
        int[] excluded = excludeSeen ? catalog.interactions().seenItems().of(id) : new int[0];
        for (int item : Ranking.top(scores, 0, catalog.items(), k, excluded)) {
            items.add(new Scored(catalog.item(item), catalog.score(scores[item])));
        }
        return new Recommended(user, false, items);
    }

    /**
     * The user's score for every item: one matrix product over matrix factorization's tables, or one batch through
     * the network pairing the user with every item (any other graph).
     */
    float[] scores(Catalog catalog, ModelRuntime.LoadedNetwork network, int user) {
        var tables = factors.computeIfAbsent(network, n -> Factors.of(catalog.spec(), catalog.interactions().user(),
                catalog.interactions().item(), n));
        return tables.isPresent() ? tables.get().scores(user, catalog.items())
                : network.predict(rows(catalog, user), catalog.items());
    }

    /** The user paired with every item, each row with the item's (or the user's) side features as training had them. */
    private static float[] rows(Catalog catalog, int user) {
        int items = catalog.items();
        int width = catalog.width();
        float[] rows = Ranking.catalogRows(new int[] {user}, items, width, catalog.userAt(), catalog.itemAt());
        var side = catalog.interactions().sideFeatures();
        for (InteractionCatalog.SideFeature feature : side == null ? List.<InteractionCatalog.SideFeature>of() : side) {
            for (int item = 0; item < items; item++) {
                float[] values = feature.owner() == InteractionCatalog.Owner.ITEM ? feature.values()[item]
                        : feature.values()[user];
                System.arraycopy(values, 0, rows, item * width + feature.offset(), feature.width());
            }
        }
        return rows;
    }

    private static int checkedK(int k, FeaturePipeline pipeline, String field) {
        int items = pipeline.interactions().items();
        if (k < 1 || k > items) {
            throw new InvalidRequest(field, "must be between 1 and the number of items (" + items + ")");
        }
        return k;
    }

    private static float cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0f : (float) (dot / Math.sqrt(na * nb));
    }

    /** A run's users and items as its preprocessing indexed them, and where they lie in a row. */
    record Catalog(Task task, ModelSpec spec, FeaturePipeline pipeline, List<String> users,
                           List<String> itemIds) {
        Catalog(Task task, ModelSpec spec, FeaturePipeline pipeline) {
            this(task, spec, pipeline, pipeline.categoriesOf(pipeline.interactions().user()),
                    pipeline.categoriesOf(pipeline.interactions().item()));
            var side = pipeline.interactions().sideFeatures();
            if (side != null) {
                side.stream().filter(f -> f.owner() == InteractionCatalog.Owner.INTERACTION).findFirst()
                        .ifPresent(f -> {
                            throw new InvalidRequest("runId", "this run's model reads '" + f.column() + "', which "
                                    + "varies within items and within users: a recommendation, which pairs a user "
                                    + "with every item, has no value for it");
                        });
            }
        }

        InteractionCatalog interactions() {
            return pipeline.interactions();
        }

        int items() {
            return itemIds.size();
        }

        int width() {
            return pipeline.width();
        }

        int userAt() {
            return pipeline.layout().offsetOf(interactions().user());
        }

        int itemAt() {
            return pipeline.layout().offsetOf(interactions().item());
        }

        int userId(String user) {
            int found = Collections.binarySearch(users, user);
            return found < 0 ? -1 : found;
        }

        int itemId(String item) {
            int found = Collections.binarySearch(itemIds, item);
            return found < 0 ? -1 : found;
        }

        String item(int id) {
            return itemIds.get(id);
        }

        /** A rating run's score in the rating's units, clipped to the training range; a ranking run's raw score. */
        double score(float raw) {
            if (task == Task.RATING && pipeline.target() instanceof TargetEncoder.Standardized s) {
                double[] range = interactions().ratingRange();
                double rating = raw * s.std() + s.mean();
                return range == null ? rating : Math.max(range[0], Math.min(range[1], rating));
            }
            return raw;
        }

        /** The ordinal of the embedding layer that reads the item ids (the widest, when several do). */
        int itemEmbedding() {
            ModelGraph graph = ModelGraph.of(spec);
            int best = -1;
            int widest = 1;
            for (ModelGraph.Node node : graph.nodes()) {
                int ordinal = Factors.reads(graph, node.index(), interactions().item());
                if (ordinal >= 0 && ((LayerSpec.Embedding) node.layer()).outputDim() > widest) {
                    widest = ((LayerSpec.Embedding) node.layer()).outputDim();
                    best = ordinal;
                }
            }
            if (best < 0) {
                throw new InvalidRequest("runId", "similar items compare learned item vectors: this run's model has "
                        + "no embedding (wider than 1) of the item column alone");
            }
            return best;
        }
    }
}
