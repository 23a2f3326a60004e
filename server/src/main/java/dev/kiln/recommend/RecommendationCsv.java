package dev.kiln.recommend;

import dev.kiln.dataset.CsvOutput;
import dev.kiln.inference.BatchRecommendations;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A scoring job's recommendations: CSV {@code user,rank,item,score}, users in chunks through the cached network. */
@Component
class RecommendationCsv implements BatchRecommendations {
    private static final int USERS_PER_CALL = 256;

    private final Recommendations recommendations;

    RecommendationCsv(Recommendations recommendations) {
        this.recommendations = recommendations;
    }

    @Override
    public long write(UUID runId, List<String> users, int k, boolean excludeSeen, OutputStream out)
            throws IOException {
        Writer writer = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        long rows = 0;
        try (CsvOutput csv = new CsvOutput(writer)) {
            csv.row(List.of("user", "rank", "item", "score"));
            for (int from = 0; from < users.size(); from += USERS_PER_CALL) {
                var part = users.subList(from, Math.min(users.size(), from + USERS_PER_CALL));
                for (Recommendations.Recommended user : recommendations.recommendAll(runId, part, k, excludeSeen)) {
                    int rank = 1;
                    for (Recommendations.Scored item : user.items()) {
                        csv.row(List.of(user.user(), rank++, item.item(), item.score()));
                        rows++;
                    }
                }
            }
        }
        writer.flush();
        return rows;
    }
}
