package dev.kiln.persistence;

import jakarta.persistence.AttributeConverter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the JPA converters that store a value as a JSON document. Unknown fields are ignored on read,
 * so a newer schema can add fields without breaking older rows (golden-file tests pin the formats).
 */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final TypeReference<T> type;

    protected JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        return value == null ? null : JSON.writeValueAsString(value);
    }

    @Override
    public T convertToEntityAttribute(String json) {
        return json == null ? null : JSON.readValue(json, type);
    }

    /** The mapper used for stored documents, for code that reads or writes them outside JPA. */
    public static JsonMapper mapper() {
        return JSON;
    }
}
