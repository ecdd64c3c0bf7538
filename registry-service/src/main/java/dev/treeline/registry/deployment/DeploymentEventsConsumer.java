package dev.treeline.registry.deployment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
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
    private final EntityManager em;

    public DeploymentEventsConsumer(EventConsumers consumers, EntityManager em) {
        this.consumers = consumers;
        this.em = em;
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
        record(event.eventId(), "ModelDeployed", d.account(), d.endpoint(), d.modelGroup(), d.version(),
                d.artifactSha256(), d.at(), d.action().name(), d.reason());
        deployed(d);
    }

    private void onUndeployed(EventEnvelope<ModelUndeployed> event) {
        ModelUndeployed u = event.payload();
        record(event.eventId(), "ModelUndeployed", u.account(), u.endpoint(), u.modelGroup(), u.version(), null,
                u.at(), null, u.reason());
        undeployed(u);
    }

    private void onFailed(EventEnvelope<DeploymentFailed> event) {
        DeploymentFailed f = event.payload();
        // The endpoint keeps what it served: history only.
        record(event.eventId(), "DeploymentFailed", f.account(), f.endpoint(), f.modelGroup(), f.version(),
                f.artifactSha256(), f.at(), null, f.reason());
        LOG.warnf("%s could not deploy %s version %d: %s", f.account(), f.modelGroup(), f.version(), f.reason());
    }

    /** Upsert; a redeploy of the same version keeps its "since", and an older event never wins over a newer one. */
    private void deployed(ModelDeployed d) {
        em.createNativeQuery("insert into live_deployment (account, endpoint, group_name, version, artifact_sha256,"
                        + " since, action, reason, last_event_at) values (:account, :endpoint, :group, :version, :sha,"
                        + " :at, :action, :reason, :at)"
                        + " on conflict (account, endpoint, group_name) do update set"
                        + " since = case when live_deployment.version = excluded.version then live_deployment.since"
                        + " else excluded.since end,"
                        + " version = excluded.version, artifact_sha256 = excluded.artifact_sha256,"
                        + " action = excluded.action, reason = excluded.reason, last_event_at = excluded.last_event_at"
                        + " where live_deployment.last_event_at <= excluded.last_event_at")
                .setParameter("account", d.account()).setParameter("endpoint", d.endpoint())
                .setParameter("group", d.modelGroup()).setParameter("version", d.version())
                .setParameter("sha", d.artifactSha256()).setParameter("at", utc(d.at()))
                .setParameter("action", d.action().name()).setParameter("reason", d.reason())
                .executeUpdate();
    }

    private void undeployed(ModelUndeployed u) {
        em.createNativeQuery("delete from live_deployment where account = :account and endpoint = :endpoint"
                        + " and group_name = :group and version = :version and last_event_at <= :at")
                .setParameter("account", u.account()).setParameter("endpoint", u.endpoint())
                .setParameter("group", u.modelGroup()).setParameter("version", u.version())
                .setParameter("at", utc(u.at())).executeUpdate();
    }

    private void record(UUID eventId, String type, String account, String endpoint, String group, int version,
                        String sha256, Instant at, String action, String reason) {
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

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
