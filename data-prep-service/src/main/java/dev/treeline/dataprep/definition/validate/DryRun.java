package dev.treeline.dataprep.definition.validate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.events.definition.ModelDefinition;

/**
 * Executes a definition's query against the warehouse for a small window or row limit and reports the columns it
 * got, their types, how each would be used, the rows in the window, and what is wrong.
 *
 * <p>FOUNDATION SKELETON: the dry run is not written yet.
 */
@ApplicationScoped
public class DryRun {

    /**
     * @param definition a definition that passed {@link DefinitionValidator}
     * @param rowLimit   rows read at most (the count of rows in the window is a separate, bounded query)
     */
    public DryRunReport run(ModelDefinition definition, int rowLimit) {
        throw new UnsupportedOperationException("dry run not written yet");
    }
}
