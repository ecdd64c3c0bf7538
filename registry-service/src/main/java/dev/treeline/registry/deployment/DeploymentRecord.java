package dev.treeline.registry.deployment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.treeline.events.DeploymentAction;
import dev.treeline.events.EventType;
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

    @Convert(converter = EventTypeColumn.class)
    @Column(name = "event_type", nullable = false)
    public EventType eventType;

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

    /** Set for ModelDeployed only. */
    @Enumerated(EnumType.STRING)
    public DeploymentAction action;

    public String reason;
}
