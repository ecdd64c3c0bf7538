package dev.treeline.registry.definition;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.events.ModelGroupChanged;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.support.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps a model package group equal to the newest definition revision data-prep applied: creates the group if it
 * has no version yet (so a defined model is listed before its first run), updates description, owner, tags,
 * retired flag and serving section, and announces the change to the deployers ({@link ModelGroupChanged}, same
 * transaction, through the outbox). Under the group's row lock a revision older than or equal to the stored one
 * changes nothing, so a late or replayed delivery never moves a group back.
 */
@ApplicationScoped
public class GroupDefinitions {

    private static final Logger LOG = Logger.getLogger(GroupDefinitions.class);

    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    public GroupDefinitions(Outbox outbox, MeterRegistry meters, Clock clock) {
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /** True when the revision was applied, false when the group already reflects it or a newer one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(EventEnvelope<ModelDefinitionChanged> event) {
        ModelDefinitionChanged changed = event.payload();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        ModelPackageGroup group = ModelPackageGroup.createIfAbsentAndLock(changed.model(), now);
        if (group.definitionRevision != null && changed.revision() <= group.definitionRevision) {
            LOG.infof("%s: definition revision %d ignored, revision %d is applied already", group.name,
                    changed.revision(), group.definitionRevision);
            meters.counter("treeline.registry.definitions", "outcome", "stale").increment();
            return false;
        }
        ModelDefinition definition = changed.definition();
        group.description = definition.description();
        group.owner = definition.owner();
        group.tags = new ArrayList<>(definition.tags());
        group.retired = changed.retired();
        group.definitionRevision = changed.revision();
        group.serving = definition.serving();
        group.definedAt = changed.at();

        outbox.publish(EventEnvelope.of(event.correlationId(), new ModelGroupChanged(group.name, group.description,
                group.owner, group.tags, group.serving, group.definitionRevision, group.retired, now)));
        meters.counter("treeline.registry.definitions", "outcome", "applied").increment();
        LOG.infof("%s: definition revision %d applied%s", group.name, changed.revision(),
                changed.retired() ? " (retired)" : "");
        return true;
    }
}
