package dev.treeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/** JSON tree helpers for tests: parse, edit, and compare numbers by value (24500 equals 24500.0). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Equal when numbers have the same value, whatever node class Jackson picked. */
    static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private Json() {
    }

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode golden(EventType type) {
        return (ObjectNode) tree(ExpectedEvents.golden(type));
    }

    static byte[] bytes(JsonNode tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    static boolean sameTree(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMERIC, actual);
    }
}
