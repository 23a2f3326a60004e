package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * What a recommender run keeps to recommend, fitted on its training interactions and stored with its preprocessing
 * (and in its artifact): the user and item columns (their ids are the preprocessing's ordinal categories, encoded
 * 0 … n − 1 as the rows hold them, −1 unknown), each item's training interactions (for cold start and popularity sampling), each user's training items
 * (what {@code excludeSeen} leaves out) and a rating run's rating range (predictions are clipped to it).
 * A run shows it {@link #summarized()}: counts only.
 *
 * @param popularity per encoded item id its training interactions; null in a summary
 * @param seen per encoded user id its training items, ascending; null in a summary
 * @param ratingRange a rating run's lowest and highest training rating, else null
 * @param sideFeatures the run's other features, each an attribute of the item or of the user (what a
 *     recommendation pairs with every item), or of neither (then the run cannot recommend)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InteractionCatalog(String user, String item, int users, int items, long interactions,
                                 double @Nullable [] ratingRange, int @Nullable [] popularity,
                                 int @Nullable [] @Nullable [] seen, @Nullable List<SideFeature> sideFeatures) {

    public InteractionCatalog(String user, String item, int users, int items, long interactions,
                              double @Nullable [] ratingRange, int @Nullable [] popularity,
                              int @Nullable [] @Nullable [] seen) {
        this(user, item, users, items, interactions, ratingRange, popularity, seen, null);
    }

    /** Whose attribute a side feature is. */
    public enum Owner { ITEM, USER, INTERACTION }

    /**
     * A side feature as training encoded it: per item (or user, by encoded id) its values, the same in every
     * training interaction of that item (user); an interaction feature varies within both and has none.
     *
     * @param values per id its {@code width} encoded values; null for an interaction feature and in a summary
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SideFeature(String column, Owner owner, int offset, int width,
                              float @Nullable [] @Nullable [] values) {
        SideFeature summarized() {
            return new SideFeature(column, owner, offset, width, null);
        }
    }

    /** This catalog with the run's side features. */
    public InteractionCatalog withSideFeatures(List<SideFeature> features) {
        return new InteractionCatalog(user, item, users, items, interactions, ratingRange, popularity, seen,
                List.copyOf(features));
    }

    /**
     * Each side feature of the encoded training rows ({@code width} values per row; the column at {@code offset}
     * of {@code widths}) classified: an item's attribute when constant within every item, else a user's when
     * constant within every user, else an interaction's.
     */
    public static List<SideFeature> sideFeatures(float[] rows, int width, int[] userIds, int[] itemIds, int users,
                                                 int items, List<String> columns, int[] offsets, int[] widths) {
        List<SideFeature> found = new java.util.ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            float[][] byItem = constantWithin(rows, width, itemIds, items, offsets[c], widths[c]);
            float[][] byUser = byItem != null ? null : constantWithin(rows, width, userIds, users, offsets[c], widths[c]);
            Owner owner = byItem != null ? Owner.ITEM : byUser != null ? Owner.USER : Owner.INTERACTION;
            found.add(new SideFeature(columns.get(c), owner, offsets[c], widths[c], byItem != null ? byItem : byUser));
        }
        return found;
    }

    private static float @Nullable [] [] constantWithin(float[] rows, int width, int[] ids, int count, int offset,
                                                        int size) {
        float[][] values = new float[count][];
        for (int r = 0; r < ids.length; r++) {
            float[] here = Arrays.copyOfRange(rows, r * width + offset, r * width + offset + size);
            if (values[ids[r]] == null) {
                values[ids[r]] = here;
            } else if (!Arrays.equals(values[ids[r]], here)) {
                return null;
            }
        }
        for (int i = 0; i < count; i++) {
            values[i] = values[i] == null ? new float[size] : values[i];
        }
        return values;
    }

    /** Fitted from the training interactions' encoded ids (0 … users − 1, 0 … items − 1). */
    public static InteractionCatalog fit(String user, String item, int users, int items, int[] userIds, int[] itemIds,
                                         double @Nullable [] ratingRange) {
        int[] popularity = new int[items];
        int[] counts = new int[users];
        for (int i = 0; i < userIds.length; i++) {
            popularity[itemIds[i]]++;
            counts[userIds[i]]++;
        }
        int[][] seen = new int[users][];
        for (int u = 0; u < users; u++) {
            seen[u] = new int[counts[u]];
        }
        int[] filled = new int[users];
        for (int i = 0; i < userIds.length; i++) {
            seen[userIds[i]][filled[userIds[i]]++] = itemIds[i];
        }
        for (int u = 0; u < users; u++) {
            seen[u] = Arrays.stream(seen[u]).sorted().distinct().toArray();
        }
        return new InteractionCatalog(user, item, users, items, userIds.length, ratingRange, popularity, seen);
    }

    /** The catalog as a run shows it: counts and the rating range, without the per-user and per-item lists. */
    public InteractionCatalog summarized() {
        return new InteractionCatalog(user, item, users, items, interactions, ratingRange, null, null,
                sideFeatures == null ? null : sideFeatures.stream().map(SideFeature::summarized).toList());
    }

    /** Each user's training items. */
    @JsonIgnore
    public Seen seenItems() {
        return new Seen(seen == null ? new int[0][] : seen);
    }

    /** Encoded item ids, most interacted with first (ties: lower id first). */
    public int[] mostPopular(int k) {
        int[] counts = popularity == null ? new int[items] : popularity;
        return IntStream.range(0, items).boxed()
                .sorted((a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Per user the items it interacted with in training, as sorted encoded ids. */
    public static final class Seen {
        private final int[][] byUser;

        public Seen(int[][] byUser) {
            this.byUser = byUser;
        }

        public boolean contains(int user, int item) {
            return user >= 0 && user < byUser.length && Arrays.binarySearch(byUser[user], item) >= 0;
        }

        public int[] of(int user) {
            return user >= 0 && user < byUser.length ? byUser[user] : new int[0];
        }
    }
}
