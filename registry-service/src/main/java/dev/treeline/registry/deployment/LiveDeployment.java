package dev.treeline.registry.deployment;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

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

    @Column(nullable = false)
    public String action;

    public String reason;

    public static List<LiveDeployment> ofVersion(String group, int version) {
        return list("groupName = ?1 and version = ?2 order by account, endpoint", group, version);
    }

    public static List<LiveDeployment> ofGroup(String group) {
        return list("groupName = ?1 order by account, endpoint", group);
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
