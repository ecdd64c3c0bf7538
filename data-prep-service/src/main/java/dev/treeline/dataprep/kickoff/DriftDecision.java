package dev.treeline.dataprep.kickoff;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What a drift alert led to: a run, or why not. */
@Entity
@Table(name = "drift_decision")
public class DriftDecision extends PanacheEntityBase {

    public enum Outcome { STARTED, IGNORED }

    @Id
    public UUID id;
    @Column(name = "event_id", nullable = false)
    public UUID eventId;
    @Column(nullable = false)
    public String model;
    @Column(nullable = false)
    public String metric;
    @Column(nullable = false)
    public double value;
    /** The threshold the monitor reported, if any. */
    @Column(name = "alert_threshold")
    public Double alertThreshold;
    /** The spec's threshold, the one that decides. */
    @Column(name = "spec_threshold")
    public Double specThreshold;
    public String feature;
    @Column(nullable = false)
    public String source;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome decision;
    @Column(nullable = false)
    public String why;
    @Column(name = "run_id")
    public UUID runId;
    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
