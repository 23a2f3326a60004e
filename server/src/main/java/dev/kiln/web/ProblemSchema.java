package dev.kiln.web;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;

/** The schema of every error Kiln answers: an RFC 9457 problem detail with the violations that name fields. */
final class ProblemSchema {
    private ProblemSchema() {}

    static Schema<?> problem() {
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem detail (application/problem+json)")
                .addProperty("type", new StringSchema().description("what kind of problem, e.g. "
                        + "urn:kiln:problem:invalid-request"))
                .addProperty("title", new StringSchema().description("the kind in words"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong with this request"))
                .addProperty("instance", new StringSchema().description("the path of the request"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Violation"))
                        .description("every field that breaks a rule, and why"));
        problem.setRequired(List.of("type", "title", "status", "detail"));
        problem.setAdditionalProperties(true);
        return problem;
    }

    static Schema<?> violation() {
        Schema<?> violation = new ObjectSchema()
                .description("One reason a request was refused")
                .addProperty("field", new StringSchema().description("the JSON path or parameter, e.g. "
                        + "hyperparameters.optimizer.learningRate"))
                .addProperty("message", new StringSchema().description("why"));
        violation.setRequired(List.of("field", "message"));
        return violation;
    }
}
