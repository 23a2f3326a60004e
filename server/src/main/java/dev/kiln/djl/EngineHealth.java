package dev.kiln.djl;

import dev.kiln.training.EngineInfo;
import dev.kiln.training.TrainingEngine;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "djl": the engine loads, with its name, version and GPU count — and computes
 * convolution gradients right ({@link ConvolutionCheck}); DOWN, saying how to start it, where it does not.
 */
@Component("djl")
class EngineHealth extends AbstractHealthIndicator {
    private final TrainingEngine engine;

    EngineHealth(TrainingEngine engine) {
        super("the DJL engine could not be loaded");
        this.engine = engine;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        EngineInfo info = engine.describe();
        String problem = ConvolutionCheck.problem();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().withDetail("convolutionGradients", problem);
        }
        builder.withDetail("engine", info.name()).withDetail("version", info.version())
                .withDetail("gpuCount", info.gpuCount()).withDetail("defaultDevice", info.defaultDevice());
    }
}
