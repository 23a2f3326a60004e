package dev.kiln.interaction;

import dev.kiln.feature.InteractionCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users a ranking is measured on: per user (an encoded id) the held-out items it interacted with and the
 * items its recommendations leave out (its training items). Users unknown to training, and held-out items unknown
 * to training, cannot be ranked and are left out.
 */
public record HeldOut(int[] users, int[][] items, int[][] excluded) {

    /** Groups held-out interactions ({@code users[i]}, {@code items[i]}, encoded; −1 unknown) by user. */
    public static HeldOut of(int[] users, int[] items, InteractionCatalog.Seen seen) {
        Map<Integer, List<Integer>> byUser = new LinkedHashMap<>();
        for (int i = 0; i < users.length; i++) {
            if (users[i] >= 0 && items[i] >= 0 && !seen.contains(users[i], items[i])) {
                byUser.computeIfAbsent(users[i], u -> new ArrayList<>()).add(items[i]);
            }
        }
        int[] ids = byUser.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[][] held = new int[ids.length][];
        int[][] excluded = new int[ids.length][];
        for (int u = 0; u < ids.length; u++) {
            held[u] = byUser.get(ids[u]).stream().mapToInt(Integer::intValue).distinct().toArray();
            excluded[u] = seen.of(ids[u]);
        }
        return new HeldOut(ids, held, excluded);
    }

    public int size() {
        return users.length;
    }
}
