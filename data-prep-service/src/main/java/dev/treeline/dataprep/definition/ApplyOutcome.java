package dev.treeline.dataprep.definition;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.treeline.events.definition.ModelDefinitions;

/**
 * What applying, restoring or retiring did to one model.
 *
 * @param action   the revision's action ({@code applied}, {@code restored}, {@code retired}); null when unchanged
 * @param revision the model's current revision afterwards (or, in a dry run, the one it would have)
 * @param changes  field by field against the revision before
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplyOutcome(String name, Outcome outcome, String action, int revision, String contentHash,
        List<ModelDefinitions.Change> changes) {

    public enum Outcome {
        CREATED, CHANGED, UNCHANGED, PRUNED, RETIRED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ApplyOutcome unchanged(StoredDefinition current) {
        return new ApplyOutcome(current.name(), Outcome.UNCHANGED, null, current.revision(), current.contentHash(),
                List.of());
    }

    /** Whether a revision was (or would be) made. */
    public boolean revised() {
        return outcome != Outcome.UNCHANGED;
    }
}
