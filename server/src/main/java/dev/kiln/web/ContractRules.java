package dev.kiln.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What springdoc derives from the controllers, made into a contract generated clients can use unmodified:
 * <ul>
 *   <li>every family of types (layers, optimizers, schedules, encoders) is a base schema whose discriminator maps
 *       each {@code type} name to its schema, with the names as an enum, and whose kinds extend it with
 *       {@code allOf};</li>
 *   <li>every operation documents its problems (400, and 404 with a path id, 415 and 422 with a body, 500) as
 *       {@code application/problem+json} with the {@code Problem} schema;</li>
 *   <li>options carry their defaults as typed values, read where they are written ({@link Defaults});</li>
 *   <li>schemas only ever returned mark every field that is not {@code @Nullable} as required.</li>
 * </ul>
 */
final class ContractRules {
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String REF = "#/components/schemas/";

    private final OpenAPI api;
    private final SchemaClasses classes;

    ContractRules(OpenAPI api, SchemaClasses classes) {
        this.api = api;
        this.classes = classes;
    }

    void apply() {
        if (api.getComponents().getSchemas() == null) {
            api.getComponents().setSchemas(new LinkedHashMap<>());
        }
        api.getComponents().getSchemas().put(PROBLEM, ProblemSchema.problem());
        api.getComponents().getSchemas().put("Violation", ProblemSchema.violation());
        families();
        freeForm();
        problems();
        Set<String> inputs = Reach.from(api, Reach.Side.INPUT);
        Set<String> outputs = Reach.from(api, Reach.Side.OUTPUT);
        schemas().forEach((name, schema) -> {
            if (inputs.contains(name)) {
                classes.of(name).ifPresent(type -> defaults(schema, type));
            } else if (outputs.contains(name)) {
                classes.of(name).ifPresent(type -> required(schema, type));
            }
        });
        prune();
    }

    private Map<String, Schema> schemas() {
        return api.getComponents().getSchemas();
    }

    // --- families of types: discriminator, mapping, enum, allOf --------------------------------------------

    private void families() {
        for (String name : new ArrayList<>(schemas().keySet())) {
            classes.of(name).filter(type -> type.isAnnotationPresent(JsonSubTypes.class)
                    && type.isAnnotationPresent(JsonTypeInfo.class)).ifPresent(type -> family(name, type));
        }
        Set<String> bases = new HashSet<>();
        schemas().forEach((name, schema) -> {
            if (schema.getDiscriminator() != null && schema.getDiscriminator().getMapping() != null) {
                bases.add(name);
            }
        });
        Map<Set<String>, String> byKinds = new LinkedHashMap<>();
        for (String base : bases) {
            Set<String> kinds = new HashSet<>();
            schemas().get(base).getDiscriminator().getMapping().values().forEach(ref -> kinds.add(ref.substring(REF.length())));
            byKinds.put(kinds, base);
        }
        Walk.schemas(api, schema -> replaceOneOf(schema, byKinds));
    }

    private void family(String name, Class<?> type) {
        String property = type.getAnnotation(JsonTypeInfo.class).property();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (JsonSubTypes.Type kind : type.getAnnotation(JsonSubTypes.class).value()) {
            String kindSchema = SchemaClasses.name(kind.value());
            mapping.put(kind.name(), REF + kindSchema);
            Schema<?> schema = schemas().get(kindSchema);
            if (schema == null) {
                schema = new ObjectSchema();
                schemas().put(kindSchema, schema);
            }
            schemas().put(kindSchema, extending(name, schema, property));
        }
        Schema<?> base = schemas().get(name);
        Schema<?> discriminating = new ObjectSchema().description(base.getDescription())
                .addProperty(property, new StringSchema()._enum(new ArrayList<>(mapping.keySet()))
                        .description("the kind"))
                .required(List.of(property))
                .discriminator(new Discriminator().propertyName(property).mapping(mapping));
        schemas().put(name, discriminating);
    }

    /** A kind's schema as {@code allOf: [base, its own fields]}, without the discriminator property of its own. */
    private static Schema<?> extending(String base, Schema<?> kind, String property) {
        Schema<?> own;
        if (kind instanceof ComposedSchema composed && composed.getAllOf() != null) {
            own = composed.getAllOf().stream().filter(s -> s.get$ref() == null).findFirst().orElse(new ObjectSchema());
        } else {
            own = kind;
        }
        Schema<?> fields = new ObjectSchema();
        if (own.getProperties() != null) {
            own.getProperties().forEach((name, schema) -> {
                if (!name.equals(property)) {
                    fields.addProperty(name, schema);
                }
            });
        }
        if (own.getRequired() != null) {
            fields.setRequired(own.getRequired().stream().filter(r -> !r.equals(property)).toList());
        }
        ComposedSchema extended = new ComposedSchema();
        extended.setDescription(kind.getDescription() != null ? kind.getDescription() : own.getDescription());
        extended.setAllOf(new ArrayList<>(List.of(new Schema<>().$ref(REF + base), fields)));
        return extended;
    }

    /** A {@code oneOf} over exactly a family's kinds is the family's base. */
    private static void replaceOneOf(Schema<?> schema, Map<Set<String>, String> byKinds) {
        if (schema.getOneOf() == null || schema.getOneOf().isEmpty()) {
            return;
        }
        Set<String> refs = new HashSet<>();
        for (Schema<?> option : schema.getOneOf()) {
            if (option.get$ref() == null) {
                return;
            }
            refs.add(option.get$ref().substring(REF.length()));
        }
        String base = byKinds.get(refs);
        if (base != null) {
            schema.setOneOf(null);
            schema.setType(null);
            schema.set$ref(REF + base);
        }
    }

    /** A value of any JSON type (Jackson's JsonNode, a map's Object values) is a schema without a type. */
    private void freeForm() {
        String anything = REF + "JsonNode";
        Walk.schemas(api, schema -> {
            if (schema.getProperties() != null) {
                schema.getProperties().replaceAll((name, property) -> anything.equals(property.get$ref())
                        ? new Schema<>().description(property.getDescription()) : property);
            }
            // Map<String, Object>: values of any type, not only objects
            if (schema.getAdditionalProperties() instanceof Schema<?> values && "object".equals(values.getType())
                    && values.getProperties() == null && values.get$ref() == null) {
                schema.setAdditionalProperties(new Schema<>());
            }
        });
        schemas().remove("JsonNode");
    }

    /** Drops the schemas nothing refers to (types springdoc saw but the document does not use). */
    private void prune() {
        Set<String> used = new HashSet<>(Reach.from(api, Reach.Side.BOTH));
        schemas().keySet().removeIf(name -> !used.contains(name));
    }

    // --- problems ----------------------------------------------------------------------------------------------

    private void problems() {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            ApiResponses responses = operation.getResponses();
            add(responses, "400", "The request is malformed: unreadable JSON or parameters");
            if (path.contains("{")) {
                add(responses, "404", "No such resource");
            }
            if (operation.getRequestBody() != null) {
                add(responses, "415", "The body's content type is not one this operation takes");
                add(responses, "422", "The request breaks a rule; errors name each field and why");
            }
            if (path.startsWith("/api/")) {
                add(responses, "401", "No API key, or one that is unknown, expired or revoked");
                add(responses, "403", "The key lacks the scope this call needs");
            }
            if (method == PathItem.HttpMethod.POST && (path.equals("/api/v1/runs") || path.contains("/predict"))) {
                add(responses, "429", "Over the project's quota; Retry-After says when to try again");
            }
            add(responses, "500", "Kiln failed; the error is logged on the server");
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    response.setContent(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref(REF + PROBLEM))));
                }
            });
            sortResponses(operation);
        }));
    }

    private static void add(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }

    private static void sortResponses(Operation operation) {
        ApiResponses sorted = new ApiResponses();
        operation.getResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
        operation.setResponses(sorted);
    }

    // --- defaults and required fields --------------------------------------------------------------------------

    private static void defaults(Schema<?> schema, Class<?> type) {
        JsonNode defaults = Defaults.of(type);
        if (defaults == null) {
            return;
        }
        properties(schema).forEach((name, property) -> {
            JsonNode value = defaults.get(name);
            if (value != null && property.get$ref() == null && value.isValueNode() && !value.isNull()) {
                property.setDefault(value.isBoolean() ? (Object) value.booleanValue()
                        : value.isIntegralNumber() ? (Object) value.longValue()
                        : value.isNumber() ? (Object) new BigDecimal(value.asString()) : value.asString());
            }
        });
    }

    private static void required(Schema<?> schema, Class<?> type) {
        if (!type.isRecord()) {
            return;
        }
        Map<String, Schema> properties = properties(schema);
        List<String> required = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Schema<?> property = properties.get(component.getName());
            if (property == null) {
                continue;
            }
            if (nullable(component)) {
                if (property.get$ref() == null) {
                    property.setNullable(true);
                }
            } else {
                required.add(component.getName());
            }
        }
        Schema<?> target = own(schema);
        if (!required.isEmpty()) {
            target.setRequired(required);
        }
    }

    private static boolean nullable(RecordComponent component) {
        return component.getAnnotatedType().isAnnotationPresent(Nullable.class)
                || Arrays.stream(component.getAnnotations()).anyMatch(a -> a.annotationType().getSimpleName()
                .equals("Nullable"));
    }

    /** The schema holding a type's own fields: itself, or the inline part of its {@code allOf}. */
    private static Schema<?> own(Schema<?> schema) {
        if (schema instanceof ComposedSchema composed && composed.getAllOf() != null) {
            return composed.getAllOf().stream().filter(s -> s.get$ref() == null).findFirst().orElse(schema);
        }
        return schema;
    }

    private static Map<String, Schema> properties(Schema<?> schema) {
        Map<String, Schema> properties = own(schema).getProperties();
        return properties == null ? Map.of() : properties;
    }
}
