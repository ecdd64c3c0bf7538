package dev.treeline.deployer.following;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.jboss.logging.Logger;

import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.ModelServing;
import dev.treeline.events.ModelGroupChanged;

/**
 * Stores each model's serving settings from the registry's ModelGroupChanged (the definition's serving section),
 * newest definition revision only: an older or equal revision, late or replayed, changes nothing. The replicas
 * act on them ({@code ReplicaFollower}: preload), this one at once after the commit, the others when they poll.
 */
@ApplicationScoped
public class ServingSettings {

    private static final Logger LOG = Logger.getLogger(ServingSettings.class);

    private final DeploymentStore store;
    private final Event<ServingChanged> changed;
    private final Clock clock;

    public ServingSettings(DeploymentStore store, Event<ServingChanged> changed, Clock clock) {
        this.store = store;
        this.changed = changed;
        this.clock = clock;
    }

    /** True when stored, false when the stored settings come from this revision or a newer one. */
    @Transactional(TxType.MANDATORY)
    public boolean apply(ModelGroupChanged group) {
        store.lockGroup(group.modelGroup());
        Optional<ModelServing> current = store.serving(group.modelGroup());
        if (current.isPresent() && current.get().definitionRevision >= group.definitionRevision()) {
            LOG.debugf("%s: serving settings of revision %d ignored, revision %d is stored", group.modelGroup(),
                    group.definitionRevision(), current.get().definitionRevision);
            return false;
        }
        store.saveServing(ModelServing.of(group, clock.instant()));
        changed.fire(new ServingChanged(group.modelGroup()));
        LOG.infof("%s: serving settings of definition revision %d stored (preload %s)", group.modelGroup(),
                group.definitionRevision(), group.serving().preload());
        return true;
    }
}
