package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How the target column becomes what the network learns, and back. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TargetEncoder.Classes.class, name = "classes"),
        @JsonSubTypes.Type(value = TargetEncoder.Standardized.class, name = "standardized")})
public sealed interface TargetEncoder {
    String column();

    /** Class labels, by index: output unit i (or, for binary, probability 1) means {@code labels.get(i)}. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ClassesTarget",
            description = "Class labels by index")
    record Classes(String column, List<String> labels) implements TargetEncoder {}

    /** A regression target scaled for training; predictions and errors are reported back in original units. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "StandardizedTarget",
            description = "A regression target scaled for training")
    record Standardized(String column, double mean, double std) implements TargetEncoder {}
}
