package dev.kiln.djl;

import ai.djl.engine.Engine;
import dev.kiln.training.EngineInfo;
import dev.kiln.training.TrainingEngine;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import dev.kiln.training.TrainingOutcome;
import dev.kiln.training.TrainingSettings;
import org.springframework.stereotype.Component;

/** The training port on DJL's PyTorch engine: the GPU when the engine reports one, else the CPU. */
@Component
class DjlTrainingEngine implements TrainingEngine {
    private final TrainingSettings settings;

    DjlTrainingEngine(TrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public EngineInfo describe() {
        Engine engine = DjlRuntime.engine();
        int gpus = engine.getGpuCount();
        return new EngineInfo(engine.getEngineName(), engine.getVersion(), gpus, gpus > 0 ? "gpu(0)" : "cpu()",
                Engine.getDjlVersion());
    }

    @Override
    public TrainingOutcome train(TrainingJob job, TrainingListener listener) {
        return new TrainingLoop(job, listener, settings).run();
    }
}
