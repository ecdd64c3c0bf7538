package dev.treeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reads an event written in an earlier schema version as the current one, one step at a time (v1 → v2 → …), on
 * the JSON tree before binding, so a consumer that was upgraded first keeps applying what not-yet-upgraded
 * producers publish: a rolling upgrade dead-letters nothing. Order of a rolling upgrade: every consumer of a
 * changed event first, then its producers (an old consumer rejects the new version, by design).
 *
 * <p>Each step takes the payload of version {@code n} and returns the payload of version {@code n + 1}. Steps are
 * never removed while a producer of the old version may still run; each has a test with its old golden file.
 */
public final class Upcasters {

    private static final Map<EventType, TreeMap<Integer, UnaryOperator<ObjectNode>>> STEPS = new EnumMap<>(EventType.class);

    static {
        step(EventType.DATASET_READY, 1, Upcasters::datasetReadyV1ToV2);
        step(EventType.DATASET_READY, 2, Upcasters::datasetReadyV2ToV3);
        step(EventType.TUNING_COMPLETED, 1, Upcasters::tuningCompletedV1ToV2);
    }

    private Upcasters() {
    }

    private static void step(EventType type, int from, UnaryOperator<ObjectNode> payloadStep) {
        STEPS.computeIfAbsent(type, t -> new TreeMap<>()).put(from, payloadStep);
    }

    /** The oldest schema version of {@code type} this build still reads. */
    public static int oldestReadable(EventType type) {
        int oldest = type.schemaVersion();
        TreeMap<Integer, UnaryOperator<ObjectNode>> steps = STEPS.getOrDefault(type, new TreeMap<>());
        while (steps.containsKey(oldest - 1)) {
            oldest--;
        }
        return oldest;
    }

    /**
     * {@code envelope} (of {@code type} at {@code version}) rewritten to the current schema version; the tree
     * given is not changed.
     */
    static ObjectNode upcast(EventType type, int version, ObjectNode envelope) {
        ObjectNode out = envelope.deepCopy();
        TreeMap<Integer, UnaryOperator<ObjectNode>> steps = STEPS.getOrDefault(type, new TreeMap<>());
        for (int v = version; v < type.schemaVersion(); v++) {
            UnaryOperator<ObjectNode> step = steps.get(v);
            if (step == null) {
                throw new IllegalStateException("no upcast of " + type.wireName() + " from schemaVersion " + v);
            }
            JsonNode payload = out.get("payload");
            if (payload instanceof ObjectNode object) {
                out.set("payload", step.apply(object));
            }
        }
        out.put("schemaVersion", type.schemaVersion());
        return out;
    }

    /** v2 nests layer, query, queryParameters, window, labelColumn, featureNames and splits in {@code lineage}. */
    private static ObjectNode datasetReadyV1ToV2(ObjectNode payload) {
        return nestLineage(payload, "splits", "layer", "query", "queryParameters", "window", "labelColumn",
                "featureNames", "splits");
    }

    /** What tuning scored a v2 job with, whatever today's defaults are: rmse for every reg:*, logloss for binary:*. */
    private static String legacyMetric(String objective) {
        if (objective == null) {
            return null;
        }
        return objective.startsWith("reg:") ? "rmse" : objective.startsWith("binary:") ? "logloss" : null;
    }

    /**
     * v3 adds what tuning took from its own per-model configuration before: the objective metric (the objective's
     * default), the tuning section (every default) and the definition revision (0: unknown).
     */
    private static ObjectNode datasetReadyV2ToV3(ObjectNode payload) {
        if (!payload.has("objectiveMetric")) {
            JsonNode objective = payload.get("objective");
            String metric = legacyMetric(objective == null || !objective.isTextual() ? null : objective.asText());
            if (metric != null) {
                payload.put("objectiveMetric", metric);
            }
        }
        if (!payload.has("tuning")) {
            payload.putObject("tuning");
        }
        if (!payload.has("definitionRevision")) {
            payload.put("definitionRevision", 0);
        }
        return payload;
    }

    /** v2 nests layer, query, queryParameters, window, featureNames and datasets (as splits) in {@code lineage}. */
    private static ObjectNode tuningCompletedV1ToV2(ObjectNode payload) {
        return nestLineage(payload, "datasets", "layer", "query", "queryParameters", "window", "featureNames",
                "datasets");
    }

    /** Moves {@code fields} into a new {@code lineage} object; {@code splitsField} is renamed {@code splits}. */
    private static ObjectNode nestLineage(ObjectNode payload, String splitsField, String... fields) {
        ObjectNode lineage = payload.objectNode();
        for (String field : fields) {
            // Absent stays absent, so validation reports the missing field under its new path.
            JsonNode value = payload.remove(field);
            if (value != null) {
                lineage.set(field.equals(splitsField) ? "splits" : field, value);
            }
        }
        payload.set("lineage", lineage);
        return payload;
    }
}
