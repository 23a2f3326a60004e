package dev.kiln.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (and {@code .yaml}) as a contract that generated clients use
 * unmodified: Kiln's title, description and version, no request-derived server, and the rules of
 * {@link ContractRules} applied to what springdoc derives from the controllers.
 */
@Configuration
class ApiDocumentation {

    static final String DESCRIPTION = """
            Kiln trains neural networks over REST: upload a dataset, define a model, start a run; Kiln queues it, \
            trains it with DJL on PyTorch and keeps every run, its resolved hyperparameters and its per-epoch metrics \
            queryable. Errors are RFC 9457 problem details (application/problem+json) that name the field and the \
            reason. Every /api call needs an API key, sent as Authorization: Bearer kiln_…; on its first start Kiln \
            writes an admin key to admin.key in its data directory.""";

    /** The name of the bearer-key security scheme. */
    static final String API_KEY = "apiKey";

    @Bean
    OpenAPI kilnOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "development" : build.getIfAvailable().getVersion();
        return new OpenAPI()
                .info(new Info().title("Kiln").version(version).description(DESCRIPTION))
                .servers(List.of(new Server().url("/").description("the Kiln serving this document")))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("kiln_<id>_<secret>")
                        .description("An API key: Authorization: Bearer kiln_…. Keys have scopes (read, write, admin, "
                                + "metrics) and belong to a project, or are admin keys across projects.")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    @Bean
    OpenApiCustomizer kilnContractRules() {
        return openApi -> new ContractRules(openApi, SchemaClasses.scan("dev.kiln")).apply();
    }
}
