package dev.treeline.registry.deployment;

import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.treeline.events.DeploymentAction;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelUndeployed;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The version of a model group an account's endpoint serves now, and since when. */
@Entity
@Table(name = "live_deployment")
@IdClass(LiveDeployment.Key.class)
public class LiveDeployment extends PanacheEntityBase {

    @Id
    public String account;

    @Id
    public String endpoint;

    @Id
    @Column(name = "group_name")
    public String groupName;

    @Column(nullable = false)
    public int version;

    @Column(name = "artifact_sha256", nullable = false)
    public String artifactSha256;

    /** When this version started being served here (a reload of the same version keeps it). */
    @Column(nullable = false)
    public Instant since;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeploymentAction action;

    public String reason;

    /** When the event that last changed this row happened: an older event arriving late changes nothing. */
    @Column(name = "last_event_at", nullable = false)
    public Instant lastEventAt;

    /**
     * Records that the endpoint serves {@code d}'s version now, unless an event newer than {@code d} already
     * changed the row; a reload of the version it serves keeps "since". Native for {@code on conflict ... where}.
     */
    public static void deployedUnlessSuperseded(ModelDeployed d) {
        getEntityManager().createNativeQuery("insert into live_deployment (account, endpoint, group_name, version,"
                        + " artifact_sha256, since, action, reason, last_event_at) values (:account, :endpoint, :group,"
                        + " :version, :sha, :at, :action, :reason, :at)"
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

    /** Removes the endpoint's row for {@code u}'s version unless an event newer than {@code u} changed it. */
    public static void undeployedUnlessSuperseded(ModelUndeployed u) {
        delete("account = ?1 and endpoint = ?2 and groupName = ?3 and version = ?4 and lastEventAt <= ?5",
                u.account(), u.endpoint(), u.modelGroup(), u.version(), u.at());
    }

    public static List<LiveDeployment> ofVersion(String group, int version) {
        return list("groupName = ?1 and version = ?2 order by account, endpoint", group, version);
    }

    public static List<LiveDeployment> ofGroup(String group) {
        return list("groupName = ?1 order by account, endpoint", group);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    public static class Key implements Serializable {
        public String account;
        public String endpoint;
        public String groupName;

        public Key() {
        }

        public Key(String account, String endpoint, String groupName) {
            this.account = account;
            this.endpoint = endpoint;
            this.groupName = groupName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(account, k.account) && Objects.equals(endpoint, k.endpoint)
                    && Objects.equals(groupName, k.groupName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(account, endpoint, groupName);
        }
    }
}
