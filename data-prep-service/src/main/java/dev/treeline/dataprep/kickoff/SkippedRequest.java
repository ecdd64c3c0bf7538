package dev.treeline.dataprep.kickoff;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.treeline.events.RetrainReason;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A RetrainRequested that started no run (another run of the model was active, or no spec), and why. */
@Entity
@Table(name = "skipped_request")
public class SkippedRequest extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "event_id", nullable = false)
    public UUID eventId;
    @Column(nullable = false)
    public String model;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RetrainReason reason;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    @Column(name = "active_run_id")
    public UUID activeRunId;
    @Column(nullable = false)
    public String why;
    @Column(name = "skipped_at", nullable = false)
    public Instant skippedAt;
}
