package dev.treeline.registry.model;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads and writes the jsonb columns of a model package with the application's ObjectMapper. */
@ApplicationScoped
public class JsonColumns {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public Map<String, Double> metrics(String json) {
        return read(json, METRICS);
    }

    public Map<String, Object> object(String json) {
        return read(json, OBJECT);
    }

    public StoredLineage lineage(String json) {
        try {
            return mapper.readValue(json, StoredLineage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored lineage is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
