package dev.treeline.registry.deployment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One deployment event as received (deployed, failed or undeployed), for a group's deployment history. */
@Entity
@Table(name = "deployment_event")
public class DeploymentRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String account;

    @Column(nullable = false)
    public String endpoint;

    @Column(name = "group_name", nullable = false)
    public String groupName;

    @Column(nullable = false)
    public int version;

    @Column(name = "artifact_sha256")
    public String artifactSha256;

    @Column(nullable = false)
    public Instant at;

    public String action;

    public String reason;
}
