package dev.treeline.registry.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.treeline.events.ApprovalStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One status change of a version (or its registration, with no previous status). Never updated. */
@Entity
@Table(name = "approval_audit")
public class ApprovalAudit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "group_name", nullable = false)
    public String groupName;

    @Column(nullable = false)
    public int version;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public ApprovalStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    public ApprovalStatus toStatus;

    @Column(nullable = false)
    public String reason;

    @Column(name = "testing_override", nullable = false)
    public boolean testingOverride;

    public static ApprovalAudit record(ModelPackage version, String by, Instant at, ApprovalStatus from,
                                       ApprovalStatus to, String reason, boolean testingOverride) {
        ApprovalAudit audit = new ApprovalAudit();
        audit.groupName = version.groupName;
        audit.version = version.version;
        audit.changedBy = by;
        audit.changedAt = at;
        audit.fromStatus = from;
        audit.toStatus = to;
        audit.reason = reason;
        audit.testingOverride = testingOverride;
        audit.persist();
        return audit;
    }
}
