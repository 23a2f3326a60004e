package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

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
@Schema(description = "Random changes to training images, per batch")
public record Augmentation(
        @Schema(description = "mirror left-right with probability 1/2") Boolean horizontalFlip,
        @Schema(description = "mirror top-bottom with probability 1/2") Boolean verticalFlip,
        @Schema(description = "pad with zeros, then crop back to the image size at a random offset; none when "
                + "absent") @Valid @Nullable RandomCrop randomCrop,
        @Schema(description = "maximum rotation in degrees, either way") @DecimalMin("0.0") @DecimalMax("180.0")
        Double rotation,
        @Schema(description = "maximum change of brightness, added to pixels in [0, 1]") @DecimalMin("0.0")
        @DecimalMax("1.0") Double brightness,
        @Schema(description = "maximum change of contrast: each channel's deviation from its mean scaled by 1 ± c")
        @DecimalMin("0.0") @DecimalMax("1.0") Double contrast) {

    public Augmentation {
        horizontalFlip = horizontalFlip != null && horizontalFlip;
        verticalFlip = verticalFlip != null && verticalFlip;
        rotation = rotation == null ? 0.0 : rotation;
        brightness = brightness == null ? 0.0 : brightness;
        contrast = contrast == null ? 0.0 : contrast;
    }

    /** A shift: {@code padding} zeros on every side, then a crop of the original size at a random offset. */
    public record RandomCrop(@Schema(description = "pixels added on every side") @NotNull @Min(1) @Max(256)
                             Integer padding) {}

    public int cropPadding() {
        return randomCrop == null ? 0 : randomCrop.padding();
    }

    /** True when the geometry changes (flips, shifts or rotation). */
    @JsonIgnore
    public boolean isGeometric() {
        return horizontalFlip || verticalFlip || cropPadding() > 0 || rotation > 0;
    }

    /** True when nothing at all changes. */
    @JsonIgnore
    public boolean isEmpty() {
        return !isGeometric() && brightness == 0 && contrast == 0;
    }
}
