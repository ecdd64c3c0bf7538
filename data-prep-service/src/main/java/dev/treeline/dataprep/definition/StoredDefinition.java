package dev.treeline.dataprep.definition;

import java.time.Instant;

import dev.treeline.events.definition.ModelDefinition;

/**
 * A model's current definition revision as data-prep stores it.
 *
 * @param revision    1, 2, ... per model
 * @param contentHash SHA-256 of the definition's canonical JSON
 * @param source      {@code api} or {@code folder}
 * @param origin      for a folder-owned definition, its file relative to the folder; null otherwise
 * @param retired     retired models start no runs and have no schedule
 */
public record StoredDefinition(String name, int revision, String contentHash, ModelDefinition definition,
        String source, String origin, boolean retired, Instant appliedAt, String appliedBy) {

    public static final String SOURCE_API = "api";
    public static final String SOURCE_FOLDER = "folder";
}
