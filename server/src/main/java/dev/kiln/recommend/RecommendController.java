package dev.kiln.recommend;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/runs/{id}")
@Tag(name = "Recommendations", description = "Top-k items for a user, and similar items, from a rating or ranking "
        + "run")
class RecommendController {
    static final int K = 10;

    private final Recommendations recommendations;

    RecommendController(Recommendations recommendations) {
        this.recommendations = recommendations;
    }

    /** Whom to recommend to, how many items, and whether to leave out what the user already interacted with. */
    record RecommendRequest(@Schema(description = "the user's id, as in the training data's user column",
                                    example = "42") @NotNull @Size(min = 1, max = 500) String user,
                            @Schema(description = "how many items (default 10; at most the catalog's size)")
                            @Nullable Integer k,
                            @Schema(description = "leave out the user's training items (default true)")
                            @Nullable Boolean excludeSeen) {}

    /** Which item to find neighbours of, and how many. */
    record SimilarRequest(@Schema(description = "the item's id, as in the training data's item column",
                                  example = "50") @NotNull @Size(min = 1, max = 500) String item,
                          @Schema(description = "how many items (default 10)") @Nullable Integer k) {}

    record SimilarResponse(String item, List<Recommendations.Scored> items) {}

    @PostMapping(value = "/recommend", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "recommend", summary = "A user's top k items from a rating or ranking run",
            description = "Every item scored for the user in one batch, best first; a rating run's scores are "
                    + "predicted ratings clipped to the training range. A user the run never saw gets the most "
                    + "popular training items (coldStart: true).")
    @ApiResponse(responseCode = "200", description = "The user's items, best first")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    @ApiResponse(responseCode = "422", description = "Not a rating or ranking run, or k out of range")
    Recommendations.Recommended recommend(@PathVariable UUID id, @Valid @RequestBody RecommendRequest request) {
        return recommendations.recommend(id, request.user(), request.k() == null ? K : request.k(),
                request.excludeSeen() == null || request.excludeSeen());
    }

    @PostMapping(value = "/similar-items", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "similarItems", summary = "Items similar to an item, by the cosine of learned vectors",
            description = "The run's item embedding (the widest that reads the item column) compared by cosine "
                    + "similarity; the item itself is left out.")
    @ApiResponse(responseCode = "200", description = "The closest items, closest first")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    @ApiResponse(responseCode = "422", description = "Not a rating or ranking run, an unknown item, or k out of "
            + "range")
    SimilarResponse similarItems(@PathVariable UUID id, @Valid @RequestBody SimilarRequest request) {
        return new SimilarResponse(request.item(), recommendations.similarItems(id, request.item(),
                request.k() == null ? K : request.k()));
    }
}
