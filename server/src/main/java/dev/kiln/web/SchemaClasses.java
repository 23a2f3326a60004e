package dev.kiln.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.TypeFilter;

/** The Java types behind the OpenAPI document's schemas, by schema name (a type's {@code @Schema(name)} or simple name). */
final class SchemaClasses {
    private final Map<String, Class<?>> byName;

    private SchemaClasses(Map<String, Class<?>> byName) {
        this.byName = byName;
    }

    static SchemaClasses scan(String basePackage) {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter((TypeFilter) (reader, factory) -> true);
        Map<String, Class<?>> byName = new HashMap<>();
        for (var definition : scanner.findCandidateComponents(basePackage)) {
            try {
                Class<?> type = Class.forName(definition.getBeanClassName(), false,
                        SchemaClasses.class.getClassLoader());
                // a type documented with @Schema wins over an undocumented namesake
                byName.merge(name(type), type, (old, found) -> old.isAnnotationPresent(Schema.class) ? old : found);
            } catch (ClassNotFoundException | LinkageError e) {
                // not a type the document can name
            }
        }
        return new SchemaClasses(byName);
    }

    static String name(Class<?> type) {
        Schema schema = type.getAnnotation(Schema.class);
        return schema != null && !schema.name().isEmpty() ? schema.name() : type.getSimpleName();
    }

    Optional<Class<?>> of(String schemaName) {
        return Optional.ofNullable(byName.get(schemaName));
    }
}
