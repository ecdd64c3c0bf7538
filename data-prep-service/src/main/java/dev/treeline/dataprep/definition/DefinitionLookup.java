package dev.treeline.dataprep.definition;

import java.util.List;
import java.util.Optional;

/** The current revision of each defined model, read from data-prep's database (never cached across replicas). */
public interface DefinitionLookup {

    /** The model's current revision, retired or not; empty when the model was never defined. */
    Optional<StoredDefinition> current(String name);

    /** Every model's current revision, retired ones included, by name. */
    List<StoredDefinition> all();
}
