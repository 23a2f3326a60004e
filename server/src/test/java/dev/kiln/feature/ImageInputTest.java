package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ImageInputTest {
    /** Two images of two channels, 1×2 pixels each: image 0 = [0, 255 | 51, 51], image 1 = [255, 255 | 102, 0]. */
    private static final byte[] PIXELS = {0, (byte) 255, 51, 51, (byte) 255, (byte) 255, 102, 0};

    @Test
    void scalesPixelsToTheUnitInterval() {
        var input = new ImageInput(2, 1, 2, null, null);

        assertThat(input.encode(PIXELS, 2)).containsExactly(0f, 1f, 0.2f, 0.2f, 1f, 1f, 0.4f, 0f);
    }

    @Test
    void fitsEachChannelsMeanAndStdOnTheGivenRowsOnlyAndStandardizes() {
        var fitted = new ImageInput(2, 1, 2, null, null).fitted(PIXELS, new int[] {0});

        assertThat(fitted.mean().get(0)).isCloseTo(0.5, within(1e-9));
        assertThat(fitted.std().get(0)).isCloseTo(0.5, within(1e-9));
        assertThat(fitted.mean().get(1)).isCloseTo(0.2, within(1e-9));
        assertThat(fitted.std().get(1)).as("a constant channel keeps a floor, never divides by zero")
                .isCloseTo(1e-3, within(1e-12));
        float[] x = fitted.encode(PIXELS, 2);
        assertThat(x[0]).isCloseTo(-1f, within(1e-6f));
        assertThat(x[1]).isCloseTo(1f, within(1e-6f));
        assertThat(x[4]).isCloseTo(1f, within(1e-6f));
    }
}
