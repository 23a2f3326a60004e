package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The engine Kiln trains with computes a batched convolution's input gradient right: on the AMD EPYC CI machine it
 * does only with oneDNN capped at AVX, which the build sets for the tests (and the Dockerfile for the service).
 */
class ConvolutionCheckTest {
    @Test
    void theEnginesConvolutionGradientsAreRight() {
        assertThat(ConvolutionCheck.problem()).isNull();
    }
}
