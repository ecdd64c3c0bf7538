package dev.treeline.tuning.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON text columns (configurations, parent lists, metrics): plain Jackson, numbers keep their int/double kind. */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> readObject(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getOriginalMessage(), e);
        }
    }

    public static List<String> readStrings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a list of strings: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Double> readMetrics(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        readObject(json).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }
}
