package dev.treeline.dataprep.run;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;

/**
 * The whole definition as it was when a run was requested (canonical form, defaults written out), kept on the run:
 * definitions change, a run in progress and its lineage must not.
 */
final class DefinitionSnapshot {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private DefinitionSnapshot() {
    }

    static Map<String, Object> of(ModelDefinition definition) {
        return ModelDefinitions.json().convertValue(ModelDefinitions.toTree(definition), MAP);
    }

    static ModelDefinition read(Map<String, Object> snapshot) {
        return ModelDefinitions.bind(ModelDefinitions.json().valueToTree(snapshot));
    }
}
