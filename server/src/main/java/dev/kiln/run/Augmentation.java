package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Random changes to training images, drawn anew for every image of every batch (seeded by the run's seed, the
 * epoch and the batch, so a resumed run draws the same); validation and test images are never changed. Applied to
 * pixels scaled to [0, 1], before any per-channel normalization; geometric changes fill with zeros.
 *
 * @param horizontalFlip mirror left-right with probability ½
 * @param verticalFlip mirror top-bottom with probability ½
 * @param randomCrop pad every side, then crop back to the image's size at a random offset (a shift)
 * @param rotation rotate by an angle drawn uniformly from ±rotation degrees (bilinear)
 * @param brightness add a value drawn uniformly from ±brightness to every pixel (Keras's RandomBrightness)
 * @param contrast scale each channel's deviation from its mean by a factor drawn from 1 ± contrast (RandomContrast)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Augmentation(
        @Schema(description = "mirror left-right with probability 1/2", defaultValue = "false") Boolean horizontalFlip,
        @Schema(description = "mirror top-bottom with probability 1/2", defaultValue = "false") Boolean verticalFlip,
        @Schema(description = "pad with zeros, then crop back to the image size at a random offset") @Valid
        RandomCrop randomCrop,
        @Schema(description = "maximum rotation in degrees, either way", defaultValue = "0")
        @DecimalMin("0.0") @DecimalMax("180.0") Double rotation,
        @Schema(description = "maximum change of brightness, added to pixels in [0, 1]", defaultValue = "0")
        @DecimalMin("0.0") @DecimalMax("1.0") Double brightness,
        @Schema(description = "maximum change of contrast: each channel's deviation from its mean scaled by 1 ± c",
                defaultValue = "0") @DecimalMin("0.0") @DecimalMax("1.0") Double contrast) {

    /** A shift: {@code padding} zeros on every side, then a crop of the original size at a random offset. */
    public record RandomCrop(@Schema(description = "pixels added on every side") @NotNull @Min(1) @Max(256)
                             Integer padding) {}

    public boolean flipsHorizontally() {
        return Boolean.TRUE.equals(horizontalFlip);
    }

    public boolean flipsVertically() {
        return Boolean.TRUE.equals(verticalFlip);
    }

    public int cropPadding() {
        return randomCrop == null ? 0 : randomCrop.padding();
    }

    public double rotationDegrees() {
        return rotation == null ? 0 : rotation;
    }

    public double brightnessDelta() {
        return brightness == null ? 0 : brightness;
    }

    public double contrastFactor() {
        return contrast == null ? 0 : contrast;
    }

    /** True when the geometry changes (flips, shifts or rotation). */
    @JsonIgnore
    public boolean isGeometric() {
        return flipsHorizontally() || flipsVertically() || cropPadding() > 0 || rotationDegrees() > 0;
    }

    /** True when nothing at all changes. */
    @JsonIgnore
    public boolean isEmpty() {
        return !isGeometric() && brightnessDelta() == 0 && contrastFactor() == 0;
    }
}
