package dev.treeline.dataprep.definition;

import java.time.Instant;
import java.util.List;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;

/**
 * One stored revision of a model's definition: what was applied, how, by whom, when, and what it changed.
 *
 * @param action  {@code applied}, {@code restored} or {@code retired}
 * @param changes field by field against the revision before (empty for a retirement)
 */
public record DefinitionRevision(String model, int revision, String contentHash, String action, String source,
        String origin, String by, Instant at, ModelDefinition definition, List<ModelDefinitions.Change> changes) {

    public static final String APPLIED = "applied";
    public static final String RESTORED = "restored";
    public static final String RETIRED = "retired";
}
