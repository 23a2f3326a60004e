package dev.kiln.run.spec;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Knowledge distillation (Hinton et al. 2015): the run — the student — learns from a trained teacher's outputs
 * softened by {@code temperature} as well as from the labels; each training row's loss is
 * {@code alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha) · crossEntropy(label, student)}
 * (a sigmoid for one output). The teacher's outputs are computed once, before the first epoch, without autograd.
 *
 * @param teacherRunId a SUCCEEDED classification run on the same task, target, features and classes
 * @param temperature softens both distributions (default 4)
 * @param alpha the weight of the teacher's term; the labels' is {@code 1 − alpha} (default 0.9)
 */
@Schema(description = "Knowledge distillation from a trained teacher run (Hinton et al.)")
public record Distillation(@Schema(description = "a SUCCEEDED classification run on the same task, target, "
                                   + "features and classes") @NotNull UUID teacherRunId,
                           @Schema(description = "softens the teacher's and the student's outputs", defaultValue = "4")
                           @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("100.0") Double temperature,
                           @Schema(description = "the teacher term's weight; the labels' is 1 − alpha",
                                   defaultValue = "0.9") @DecimalMin("0.0") @DecimalMax("1.0") Double alpha) {
    public static final double TEMPERATURE = 4;
    public static final double ALPHA = 0.9;

    public Distillation {
        temperature = temperature == null ? TEMPERATURE : temperature;
        alpha = alpha == null ? ALPHA : alpha;
    }
}
