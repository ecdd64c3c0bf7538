package dev.treeline.dataprep.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.treeline.events.EventType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Something a later stage did for a run (tuning, registry, deployers, failures), keyed by the run id. */
@Entity
@Table(name = "run_stage_event")
public class RunStageEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "run_id", nullable = false)
    public UUID runId;
    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false)
    public EventType eventType;
    @Column(nullable = false)
    public String stage;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(nullable = false)
    public String summary;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> details;
}
