package dev.treeline.deployer.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.DeploymentAction;

/**
 * The deployer's state in its own database, in plain SQL. Connections of the Quarkus datasource join
 * the caller's JTA transaction, so writes here commit or roll back together with the outbox row that
 * announces them. Reads without a transaction (the serving path, replica polling) use autocommit.
 */
@ApplicationScoped
public class DeploymentStore {

    private final AgroalDataSource dataSource;

    public DeploymentStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Serialises every change to one model group (consumer, promotion tick, management API, any replica)
     * until the transaction ends: decisions read the current state and write the next one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockGroup(String modelGroup) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            s.setString(1, modelGroup);
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    // ---- version history

    public Optional<VersionRecord> version(String modelGroup, int version) {
        List<VersionRecord> found = queryVersions("select * from model_version where model_group = ? and version = ?",
                modelGroup, version);
        return found.stream().findFirst();
    }

    /** Versions below {@code below} in one of {@code statuses}, newest first: rollback candidates. */
    public List<VersionRecord> versionsBelow(String modelGroup, int below, List<ApprovalStatus> statuses) {
        List<VersionRecord> all = queryVersions(
                "select * from model_version where model_group = ? and version < ? order by version desc", modelGroup,
                below);
        return all.stream().filter(v -> statuses.contains(v.status())).toList();
    }

    public List<VersionRecord> versions(String modelGroup) {
        return queryVersions("select * from model_version where model_group = ? order by version", modelGroup);
    }

    public int highestVersion(String modelGroup) {
        return query("select greatest(coalesce((select max(version) from model_version where model_group = ?), 0),"
                + " coalesce((select version from desired_version where model_group = ?), 0))", rs -> rs.getInt(1),
                modelGroup, modelGroup).get(0);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void saveVersion(VersionRecord v) {
        update("insert into model_version (model_group, version, status, run_id, source_bucket, source_key,"
                + " source_version_id, artifact_sha256, artifact_bytes, testing, approved_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                + " on conflict (model_group, version) do update set status = excluded.status, run_id = excluded.run_id,"
                + " source_bucket = excluded.source_bucket, source_key = excluded.source_key,"
                + " source_version_id = excluded.source_version_id, artifact_sha256 = excluded.artifact_sha256,"
                + " artifact_bytes = excluded.artifact_bytes, testing = excluded.testing,"
                + " approved_at = excluded.approved_at, updated_at = now()",
                v.modelGroup(), v.version(), v.status().name(), v.runId(), v.sourceBucket(), v.sourceKey(),
                v.sourceVersionId(), v.sha256(), v.bytes(), v.testing(), ts(v.approvedAt()));
    }

    private List<VersionRecord> queryVersions(String sql, Object... params) {
        return query(sql, rs -> new VersionRecord(rs.getString("model_group"), rs.getInt("version"),
                ApprovalStatus.valueOf(rs.getString("status")), rs.getString("run_id"), rs.getString("source_bucket"),
                rs.getString("source_key"), rs.getString("source_version_id"), rs.getString("artifact_sha256"),
                rs.getLong("artifact_bytes"), rs.getBoolean("testing"), instant(rs, "approved_at")), params);
    }

    // ---- desired versions

    public Optional<DesiredVersion> desired(String modelGroup) {
        return queryDesired("select * from desired_version where model_group = ?", modelGroup).stream().findFirst();
    }

    public List<DesiredVersion> allDesired() {
        return queryDesired("select * from desired_version order by model_group");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void saveDesired(DesiredVersion d) {
        update("insert into desired_version (model_group, version, artifact_sha256, run_id, artifact_key, action, reason,"
                + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (model_group) do update set"
                + " version = excluded.version, artifact_sha256 = excluded.artifact_sha256, run_id = excluded.run_id,"
                + " artifact_key = excluded.artifact_key, action = excluded.action, reason = excluded.reason,"
                + " updated_at = excluded.updated_at",
                d.modelGroup(), d.version(), d.sha256(), d.runId(), d.artifactKey(), d.action().name(), d.reason(),
                ts(d.updatedAt()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean deleteDesired(String modelGroup) {
        return update("delete from desired_version where model_group = ?", modelGroup) > 0;
    }

    private List<DesiredVersion> queryDesired(String sql, Object... params) {
        return query(sql, rs -> new DesiredVersion(rs.getString("model_group"), rs.getInt("version"),
                rs.getString("artifact_sha256"), rs.getString("run_id"), rs.getString("artifact_key"),
                DeploymentAction.valueOf(rs.getString("action")), rs.getString("reason"), instant(rs, "updated_at")), params);
    }

    // ---- pending promotions

    /** Keeps only the newest pending approval per group. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void savePending(PendingPromotion p) {
        update("insert into pending_promotion (model_group, version, approved_at, due_at) values (?, ?, ?, ?)"
                + " on conflict (model_group) do update set version = excluded.version,"
                + " approved_at = excluded.approved_at, due_at = excluded.due_at"
                + " where pending_promotion.version < excluded.version",
                p.modelGroup(), p.version(), ts(p.approvedAt()), ts(p.dueAt()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deletePending(String modelGroup, int version) {
        update("delete from pending_promotion where model_group = ? and version = ?", modelGroup, version);
    }

    public Optional<PendingPromotion> pending(String modelGroup) {
        return queryPending("select * from pending_promotion where model_group = ?", modelGroup).stream().findFirst();
    }

    public List<PendingPromotion> allPending() {
        return queryPending("select * from pending_promotion order by due_at, model_group");
    }

    public List<PendingPromotion> duePending(Instant now) {
        return queryPending("select * from pending_promotion where due_at <= ? order by due_at", ts(now));
    }

    private List<PendingPromotion> queryPending(String sql, Object... params) {
        return query(sql, rs -> new PendingPromotion(rs.getString("model_group"), rs.getInt("version"),
                instant(rs, "approved_at"), instant(rs, "due_at")), params);
    }

    // ---- plumbing

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        List<T> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A database error; the surrounding transaction rolls back. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
