package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kiln.run.spec.Augmentation;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Augmentations change training images as specified, image by image, and the same seed draws the same changes. */
class AugmenterTest {
    private static final int N = 64;
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 6;

    /** Distinct values in (0, 1): image i, channel c, pixel (y, x). */
    private static float[] images() {
        float[] x = new float[N * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 97 + 1) / 100f;
        }
        return x;
    }

    private static float[] augmented(Augmentation spec, long seed) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            NDArray x = manager.create(images(), new Shape(N, C, H, W));
            return new Augmenter(spec).apply(x, new Random(seed)).toFloatArray();
        }
    }

    private static float at(float[] x, int i, int c, int y, int xo) {
        return x[((i * C + c) * H + y) * W + xo];
    }

    private static Augmentation only(Boolean horizontal, Boolean vertical, Integer crop, Double rotation,
                                     Double brightness, Double contrast) {
        return new Augmentation(horizontal, vertical, crop == null ? null : new Augmentation.RandomCrop(crop), rotation,
                brightness, contrast);
    }

    @Test
    void flipsSomeImagesLeftRightAndLeavesTheOthersExactly() {
        float[] in = images();
        float[] out = augmented(only(true, null, null, null, null, null), 1);

        int flipped = 0;
        for (int i = 0; i < N; i++) {
            boolean same = true;
            boolean mirrored = true;
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        same &= at(out, i, c, y, x) == at(in, i, c, y, x);
                        mirrored &= at(out, i, c, y, x) == at(in, i, c, y, W - 1 - x);
                    }
                }
            }
            assertThat(same || mirrored).as("image %d is itself or its mirror", i).isTrue();
            flipped += mirrored ? 1 : 0;
        }
        assertThat(flipped).isBetween(N / 4, 3 * N / 4);
    }

    @Test
    void shiftsEachImageByAtMostThePaddingAndFillsWithZeros() {
        float[] in = images();
        float[] out = augmented(only(null, null, 2, null, null, null), 2);

        for (int i = 0; i < N; i++) {
            boolean matched = false;
            for (int dy = -2; dy <= 2 && !matched; dy++) {
                for (int dx = -2; dx <= 2 && !matched; dx++) {
                    boolean all = true;
                    for (int c = 0; c < C; c++) {
                        for (int y = 0; y < H; y++) {
                            for (int x = 0; x < W; x++) {
                                int sy = y + dy;
                                int sx = x + dx;
                                float expected = sy < 0 || sx < 0 || sy >= H || sx >= W ? 0 : at(in, i, c, sy, sx);
                                all &= at(out, i, c, y, x) == expected;
                            }
                        }
                    }
                    matched = all;
                }
            }
            assertThat(matched).as("image %d is a shifted copy", i).isTrue();
        }
    }

    @Test
    void rotatesBilinearlyAndATinyAngleChangesNothing() {
        float[] in = images();
        float[] tiny = augmented(only(null, null, null, 1e-6, null, null), 3);
        float[] turned = augmented(only(null, null, null, 30.0, null, null), 3);

        for (int i = 0; i < in.length; i++) {
            assertThat(tiny[i]).isCloseTo(in[i], within(1e-4f));
        }
        assertThat(turned).isNotEqualTo(in);
        for (float v : turned) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void changesBrightnessAndContrastPerImageWithinTheirRangesAndClips() {
        float[] in = images();
        float[] brighter = augmented(only(null, null, null, null, 0.2, null), 4);
        float[] contrasted = augmented(only(null, null, null, null, null, 0.5), 4);

        for (int i = 0; i < N; i++) {
            int first = i * C * H * W;
            int mid = first;
            while (in[mid] < 0.25f || in[mid] > 0.75f) {
                mid++;
            }
            float delta = brighter[mid] - in[mid];
            assertThat(Math.abs(delta)).isLessThanOrEqualTo(0.2f + 1e-6f);
            for (int k = first; k < first + C * H * W; k++) {
                assertThat(brighter[k]).isCloseTo(Math.min(1, Math.max(0, in[k] + delta)), within(1e-5f));
            }
        }
        for (float v : contrasted) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(contrasted).isNotEqualTo(in);
    }

    @Test
    void drawsTheSameChangesFromTheSameSeed() {
        var spec = only(true, true, 1, 15.0, 0.1, 0.1);

        assertThat(augmented(spec, 7)).isEqualTo(augmented(spec, 7));
        assertThat(Arrays.equals(augmented(spec, 7), augmented(spec, 8))).isFalse();
    }
}
