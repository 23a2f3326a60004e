package dev.kiln.explain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.domain.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An attribution request resolved: every option set, each default written here once.
 *
 * @param steps points on the path from the baseline to the input (the midpoint rule over {@code steps} intervals)
 * @param target the class whose probability (or logit) is attributed (a classifier's label), or null for the
 *     predicted class (and for a regression, whose value is attributed)
 * @param output what of a classifier's target class is attributed; null for a regression
 */
public record ExplainOptions(Method method, int steps, Baseline baseline, @Nullable String target,
                             @Nullable Output output) {
    public static final int DEFAULT_STEPS = 64;
    public static final int MAX_STEPS = 1024;

    /** The request's options with defaults for what it leaves out; 422 naming {@code steps} outside 1…1024. */
    public static ExplainOptions of(@Nullable Method method, @Nullable Integer steps, @Nullable Baseline baseline,
                                    @Nullable String target, @Nullable Output output, Baseline defaultBaseline) {
        int resolved = steps == null ? DEFAULT_STEPS : steps;
        if (resolved < 1 || resolved > MAX_STEPS) {
            throw new InvalidRequest("steps", "must be between 1 and " + MAX_STEPS + " (default " + DEFAULT_STEPS
                    + "); got " + resolved);
        }
        return new ExplainOptions(method == null ? Method.INTEGRATED_GRADIENTS : method, resolved,
                baseline == null ? defaultBaseline : baseline, target, output);
    }

    /** This request's options for a regression (no output to choose) or a classifier (the default output). */
    ExplainOptions forTask(boolean classifier) {
        if (!classifier && output != null) {
            throw new InvalidRequest("output", "applies to classifiers; a regression's value is attributed");
        }
        return classifier && output == null ? new ExplainOptions(method, steps, baseline, target, Output.DEFAULT)
                : this;
    }

    /** What of a classifier's class is attributed. */
    @Schema(name = "ExplainOutput", enumAsRef = true, description = "probability: the class's probability; logit: "
            + "its logit (for one sigmoid output, the logit for the positive class and its negation for the other)")
    public enum Output {
        PROBABILITY, LOGIT;

        static final Output DEFAULT = PROBABILITY;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Output of(String value) {
            return Arrays.stream(values()).filter(o -> o.json().equals(value)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown output '" + value + "'; expected probability or logit"));
        }
    }

    /** How attributions are computed. */
    @Schema(name = "ExplainMethod", enumAsRef = true, description = "integratedGradients (the only one so far)")
    public enum Method {
        INTEGRATED_GRADIENTS("integratedGradients");

        private final String json;

        Method(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        @JsonCreator
        public static Method of(String value) {
            return Arrays.stream(values()).filter(m -> m.json.equals(value)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown method '" + value + "'; expected " + Arrays.stream(values())
                            .map(Method::json).collect(Collectors.joining(", "))));
        }
    }

    /** Where the path starts. */
    @Schema(name = "ExplainBaseline", enumAsRef = true, description = "trainingMean: the mean encoded row of the "
            + "training split (tables; for images the per-channel mean colour of a run that standardized its "
            + "pixels); zeros: every encoded input 0 (tables: numeric columns at their centre, no category, no "
            + "token), a black image for images. Embedded ids (text in int mode, ordinal columns read by an "
            + "embedding) always start from zero vectors.")
    public enum Baseline {
        TRAINING_MEAN, ZEROS;

        @JsonValue
        public String json() {
            return this == TRAINING_MEAN ? "trainingMean" : name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Baseline of(String value) {
            return Arrays.stream(values()).filter(b -> b.json().equals(value)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown baseline '" + value + "'; expected trainingMean or zeros"));
        }
    }
}
