package dev.treeline.registry.deployment;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.events.DeploymentAction;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventType;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Follows what the deployers report: which version each account's endpoint serves now and since
 * when (ModelDeployed, ModelUndeployed), plus every event including failures as history.
 */
@ApplicationScoped
public class DeploymentEventsConsumer {

    static final String CONSUMER = "registry.deployments";
    private static final Logger LOG = Logger.getLogger(DeploymentEventsConsumer.class);

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public DeploymentEventsConsumer(EventConsumers consumers) {
        this.consumers = consumers;
        this.routes = EventRoutes.builder()
                .on(ModelDeployed.class, this::onDeployed)
                .on(ModelUndeployed.class, this::onUndeployed)
                .on(DeploymentFailed.class, this::onFailed)
                .build();
    }

    @Incoming("deployments")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    private void onDeployed(EventEnvelope<ModelDeployed> event) {
        ModelDeployed d = event.payload();
        record(event.eventId(), EventType.MODEL_DEPLOYED, d.account(), d.endpoint(), d.modelGroup(), d.version(),
                d.artifactSha256(), d.at(), d.action(), d.reason());
        LiveDeployment.deployedUnlessSuperseded(d);
    }

    private void onUndeployed(EventEnvelope<ModelUndeployed> event) {
        ModelUndeployed u = event.payload();
        record(event.eventId(), EventType.MODEL_UNDEPLOYED, u.account(), u.endpoint(), u.modelGroup(), u.version(),
                null, u.at(), null, u.reason());
        LiveDeployment.undeployedUnlessSuperseded(u);
    }

    private void onFailed(EventEnvelope<DeploymentFailed> event) {
        DeploymentFailed f = event.payload();
        // The endpoint keeps what it served: history only.
        record(event.eventId(), EventType.DEPLOYMENT_FAILED, f.account(), f.endpoint(), f.modelGroup(), f.version(),
                f.artifactSha256(), f.at(), null, f.reason());
        LOG.warnf("%s could not deploy %s version %d: %s", f.account(), f.modelGroup(), f.version(), f.reason());
    }

    private static void record(UUID eventId, EventType type, String account, String endpoint, String group,
                               int version, String sha256, Instant at, DeploymentAction action, String reason) {
        DeploymentRecord r = new DeploymentRecord();
        r.eventId = eventId;
        r.eventType = type;
        r.account = account;
        r.endpoint = endpoint;
        r.groupName = group;
        r.version = version;
        r.artifactSha256 = sha256;
        r.at = at;
        r.action = action;
        r.reason = reason;
        r.persist();
    }
}
