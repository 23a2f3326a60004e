package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.OnH2;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is a contract: every operation named and summarised with its real status codes and problem
 * responses, the same document as JSON and YAML, and the defaults it publishes exactly those a run resolves to.
 */
class OpenApiContractTest extends OnH2 {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonNode document() {
        return http.get("/v3/api-docs").json();
    }

    @Test
    void everyOperationHasANameASummaryAndItsProblems() {
        JsonNode api = document();
        Set<String> operationIds = new HashSet<>();
        List<String> problems = new ArrayList<>();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode operation = method.getValue();
            String where = method.getKey() + " " + path.getKey();
            String id = operation.path("operationId").asString("");
            if (!id.matches("[a-z][A-Za-z]+") || !operationIds.add(id)) {
                problems.add(where + ": operationId '" + id + "'");
            }
            if (operation.path("summary").asString("").isBlank() || operation.path("description").asString("").isBlank()) {
                problems.add(where + ": no summary or description");
            }
            JsonNode responses = operation.get("responses");
            if (!responses.has("400") || !responses.has("500")
                    || path.getKey().contains("{") && !responses.has("404")) {
                problems.add(where + ": missing problem responses " + responses.propertyNames());
            }
            responses.properties().forEach(response -> {
                if (response.getKey().matches("[45]\\d\\d") && !response.getValue().path("content")
                        .path("application/problem+json").path("schema").path("$ref").asString("")
                        .endsWith("/Problem")) {
                    problems.add(where + " " + response.getKey() + ": not a problem+json Problem");
                }
                boolean creates = response.getKey().equals("201")
                        || response.getKey().equals("202") && List.of("submitRun", "scoreDataset").contains(id);
                if (creates && !response.getValue().path("headers").has("Location")) {
                    problems.add(where + " " + response.getKey() + ": no Location header");
                }
            });
        }));

        assertThat(problems).isEmpty();
        assertThat(operationIds).contains("uploadDataset", "createModel", "submitRun", "getRun", "listRuns",
                "getRunMetrics", "getRunMetricsCsv", "predictRows", "predictImages", "downloadModel", "importModel");
        assertThat(api.get("info").get("title").asString()).isEqualTo("Kiln");
        assertThat(api.get("info").get("version").asString()).isNotEqualTo("v0").isNotBlank();
        assertThat(api.get("servers")).singleElement().satisfies(s -> assertThat(s.get("url").asString())
                .isEqualTo("/"));
    }

    @Test
    void everyReferenceNamesASchemaTheDocumentHas() {
        JsonNode document = http.get("/v3/api-docs").json();
        java.util.Set<String> schemas = new java.util.HashSet<>(document.get("components").get("schemas")
                .propertyNames());
        java.util.List<String> references = new java.util.ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty().allSatisfy(ref -> assertThat(schemas)
                .as("the schema of " + ref).contains(ref.substring(ref.lastIndexOf('/') + 1)));
    }

    private static void collectReferences(JsonNode node, java.util.List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    into.add(e.getValue().asString());
                } else {
                    collectReferences(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, into));
        }
    }

    @Test
    void familiesOfTypesAreDiscriminatedUnionsWithMappings() {
        JsonNode schemas = document().get("components").get("schemas");

        for (String family : List.of("LayerSpec", "Optimizer", "Schedule", "FeatureEncoder", "TargetEncoder")) {
            JsonNode base = schemas.get(family);
            JsonNode mapping = base.get("discriminator").get("mapping");
            String property = base.get("discriminator").get("propertyName").asString();
            assertThat(base.get("properties").get(property).get("enum")).as(family).hasSize(mapping.size());
            mapping.properties().forEach(kind -> assertThat(schemas.get(kind.getValue().asString()
                    .substring("#/components/schemas/".length())).get("allOf").get(0).get("$ref").asString())
                    .as(kind.getKey()).endsWith("/" + family));
        }
        assertThat(schemas.get("ModelSpec").get("properties").get("layers").get("items").get("$ref").asString())
                .endsWith("/LayerSpec");
        assertThat(schemas.get("RunResponse").get("required")).extracting(JsonNode::asString)
                .contains("id", "status", "spec", "history").doesNotContain("error", "startedAt");
        assertThat(schemas.toString()).doesNotContain("JsonNode").doesNotContain("Pageable");
    }

    @Test
    void theJsonAndYamlDocumentsAreTheSameDocument() {
        JsonNode json = document();
        Map<String, Object> yaml = new Yaml().load(http.get("/v3/api-docs.yaml").body());

        assertThat(JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(yaml))))
                .isEqualTo(JSON.writeValueAsString(json));
    }

    @Test
    void publishesExactlyTheDefaultsAnEmptySubmissionResolvesTo() {
        String dataset = http.uploadId("iris_train.csv");
        String model = http.createModel(BadInputContract.GOOD_MODEL);
        String run = http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {}}"""
                .formatted(dataset, model));
        JsonNode spec = http.get("/api/v1/runs/" + run).json().get("spec");
        http.post("/api/v1/runs/" + run + "/cancel");
        JsonNode documented = document().get("components").get("schemas");
        JsonNode catalog = http.get("/api/v1/schema/hyperparameters").json().get("hyperparameters");

        List<String> checked = new ArrayList<>();
        catalog.forEach(option -> {
            String name = option.get("name").asString();
            JsonNode published = option.get("defaultValue");
            if (published == null) {
                return;
            }
            JsonNode resolved = spec.get(name).isObject() ? spec.get(name).get("type") : spec.get(name);
            assertThat(resolved).as(name).isEqualTo(published);
            JsonNode inDocument = documented.get("Hyperparameters").get("properties").get(name).get("default");
            if (inDocument != null) {
                assertThat(inDocument.asString()).as(name).isEqualTo(published.asString());
            }
            checked.add(name);
        });
        JsonNode adam = documented.get("Adam").get("allOf").get(1).get("properties");
        spec.get("optimizer").properties().forEach(field -> {
            if (!field.getKey().equals("type")) {
                assertThat(adam.get(field.getKey()).get("default").asDouble()).as(field.getKey())
                        .isEqualTo(field.getValue().asDouble());
                checked.add("optimizer." + field.getKey());
            }
        });

        assertThat(checked).contains("epochs", "batchSize", "validationSplit", "shuffle", "device", "optimizer",
                "learningRateSchedule", "optimizer.learningRate", "optimizer.beta1", "optimizer.beta2",
                "optimizer.epsilon", "optimizer.weightDecay");
    }
}
