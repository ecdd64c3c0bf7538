package dev.treeline.dataprep.definition;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import dev.treeline.dataprep.run.RunStatus;
import dev.treeline.events.definition.ModelDefinitions;

/** What {@code /models} answers. */
public final class DefinitionViews {

    private DefinitionViews() {
    }

    public record Models(List<Summary> models) {
    }

    /**
     * One defined model.
     *
     * @param nextRunAt when its schedule fires next on this service; null without a schedule, when retired, or with
     *                  the scheduler off
     * @param lastRun   its most recent run of any status; null when it never ran
     */
    public record Summary(String name, String description, String owner, List<String> tags, int revision,
            String contentHash, String source, String origin, boolean retired, String schedule, Instant nextRunAt,
            LastRun lastRun, Instant appliedAt, String appliedBy) {
    }

    public record LastRun(UUID runId, RunStatus status, Instant requestedAt) {
    }

    /** A model with its whole definition (defaults written out) and every revision, newest first. */
    public record Detail(@JsonUnwrapped Summary summary, JsonNode definition, List<Revision> revisions) {
    }

    /** One revision; {@code definition} only when a single revision is asked for. */
    public record Revision(int revision, String contentHash, String action, String source, String origin, String by,
            Instant at, List<ModelDefinitions.Change> changes,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode definition) {

        static Revision of(DefinitionRevision r, boolean withDefinition) {
            return new Revision(r.revision(), r.contentHash(), r.action(), r.source(), r.origin(), r.by(), r.at(),
                    r.changes(), withDefinition ? ModelDefinitions.toTree(r.definition()) : null);
        }
    }
}
