package dev.treeline.registry.keys;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

/** An AWS-style access key of a user. The secret is stored only encrypted (service-support's AccessKeySecrets). */
@Entity
@Table(name = "access_key")
public class AccessKey extends PanacheEntityBase {

    @Id
    @Column(name = "access_key_id")
    public String accessKeyId;

    @Column(nullable = false)
    public String owner;

    @Column(name = "secret_ciphertext", nullable = false)
    public String secretCiphertext;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccessKeyStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    public static List<AccessKey> ofOwner(String owner) {
        return list("owner", Sort.by("createdAt").and("accessKeyId"), owner);
    }

    public static long activeOf(String owner) {
        return count("owner = ?1 and status = ?2", owner, AccessKeyStatus.Active);
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", owner=" + owner + ", status=" + status + ", secret=****]";
    }
}
