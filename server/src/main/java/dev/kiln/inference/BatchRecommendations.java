package dev.kiln.inference;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

/**
 * A rating or ranking run's recommendations for many users at once, as a scoring job writes them: CSV
 * {@code user,rank,item,score}, k rows per user (fewer where the catalog runs out). Implemented where
 * recommendations are made ({@code dev.kiln.recommend}).
 */
public interface BatchRecommendations {
    /** Writes the top k of each user, in order; returns the rows written. */
    long write(UUID runId, List<String> users, int k, boolean excludeSeen, OutputStream out) throws IOException;
}
