package dev.treeline.dataprep.run;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.dataprep.extract.Dataset;
import dev.treeline.dataprep.extract.ExtractionException;
import dev.treeline.dataprep.spec.ModelSpecs;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.Lineage;
import dev.treeline.events.DateWindow;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.support.outbox.Outbox;

/**
 * The run's state machine. Every change is one transaction; the final ones publish their event through the
 * outbox in that same transaction, so a READY run always has its DatasetReady and a FAILED run its RunFailed.
 */
@ApplicationScoped
public class RunService {

    /** The stage name this service reports in RunFailed. */
    public static final String STAGE = "data-prep";

    private final EntityManager em;
    private final ModelSpecs specs;
    private final Event<RunAccepted> accepted;
    private final Outbox outbox;
    private final ObjectMapper json;

    public RunService(EntityManager em, ModelSpecs specs, Event<RunAccepted> accepted, Outbox outbox,
            ObjectMapper json) {
        this.em = em;
        this.specs = specs;
        this.accepted = accepted;
        this.outbox = outbox;
        this.json = json;
    }

    public ModelSpecs.ModelSpec spec(String model) {
        ModelSpecs.ModelSpec spec = specs.models().get(model);
        if (spec == null) {
            throw new UnknownModelException(model, specs.models().keySet());
        }
        return spec;
    }

    /**
     * Inserts a REQUESTED run unless the model has an active one. The partial unique index on active runs
     * decides between concurrent kickoffs ({@code on conflict do nothing}: the loser waits for the winner's
     * commit, then inserts nothing), so the caller's transaction stays usable either way. The work starts
     * after the caller's commit ({@link RunAccepted}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Kickoff request(KickoffRequest request) {
        ModelSpecs.ModelSpec spec = spec(request.model());
        for (int attempt = 0; attempt < 3; attempt++) {
            UUID id = UUID.randomUUID();
            if (insertUnlessActive(id, request, spec)) {
                accepted.fire(new RunAccepted(id, request.model(), request.reason()));
                return new Kickoff.Started(em.find(RetrainRun.class, id));
            }
            Optional<RetrainRun> active = activeRun(request.model());
            if (active.isPresent()) {
                return new Kickoff.Blocked(active.get().id, active.get().status);
            }
            // the active run finished between our insert and our look-up: try again
        }
        throw new IllegalStateException("could not start a run for " + request.model() + ": runs keep overlapping");
    }

    private boolean insertUnlessActive(UUID id, KickoffRequest request, ModelSpecs.ModelSpec spec) {
        String drift = request.drift() == null ? null : write(request.drift());
        String snapshot = write(SpecSnapshot.of(spec));
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into retrain_run (id, model, reason,"
                    + " testing, requested_by, status, requested_at, updated_at, trigger_event_id, drift,"
                    + " spec_snapshot, label_column) values (?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?::jsonb, ?::jsonb, ?)"
                    + " on conflict (model) where status in ('REQUESTED', 'EXTRACTING') do nothing")) {
                insert.setObject(1, id);
                insert.setString(2, request.model());
                insert.setString(3, request.reason().name());
                insert.setBoolean(4, request.testing());
                insert.setString(5, request.requestedBy());
                insert.setTimestamp(6, now);
                insert.setTimestamp(7, now);
                insert.setObject(8, request.triggerEventId(), Types.OTHER);
                insert.setString(9, drift);
                insert.setString(10, snapshot);
                insert.setString(11, spec.labelColumn());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RetrainRun> activeRun(String model) {
        return RetrainRun.<RetrainRun>find("model = ?1 and status in ?2", model, RunStatus.ACTIVE).firstResultOptional();
    }

    /** The model's most recent run of any status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RetrainRun> lastRun(String model) {
        return RetrainRun.<RetrainRun>find("model = ?1 order by requestedAt desc", model).firstResultOptional();
    }

    /** REQUESTED → EXTRACTING, recording what will be read; empty if the run is no longer REQUESTED. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RetrainRun> startExtracting(UUID id, DateWindow window, String query, Map<String, Object> bound) {
        RetrainRun run = locked(id);
        if (run == null || run.status != RunStatus.REQUESTED) {
            return Optional.empty();
        }
        run.extractingAt = moveTo(run, RunStatus.EXTRACTING);
        run.windowStart = window.start();
        run.windowEnd = window.end();
        run.queryText = query;
        run.queryParameters = write(bound);
        return Optional.of(run);
    }

    /** EXTRACTING → READY and DatasetReady, in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RetrainRun markReady(UUID id, Dataset dataset, long extractionMs, int attempts) {
        RetrainRun run = locked(id);
        if (run.status != RunStatus.EXTRACTING) {
            throw new IllegalStateException("run " + id + " is " + run.status + ", not EXTRACTING");
        }
        ModelSpecs.ModelSpec spec = spec(run.model);
        run.finishedAt = moveTo(run, RunStatus.READY);
        run.featureNames = write(dataset.featureNames());
        run.datasets = write(dataset.splits());
        run.rowsTotal = dataset.rows();
        run.rowsTrain = dataset.splits().train().rows();
        run.rowsValidation = dataset.splits().validation().rows();
        run.rowsTest = dataset.splits().test().rows();
        run.rowsWithoutLabel = dataset.rowsWithoutLabel();
        run.extractionMs = extractionMs;
        run.writeMs = dataset.writeMs();
        run.uploadMs = dataset.uploadMs();
        run.attempts = attempts;
        outbox.publish(EventEnvelope.of(id.toString(), new DatasetReady(id.toString(), run.model,
                spec.objective(), new Lineage(spec.layer(), dataset.query(), dataset.parameters(), dataset.window(),
                spec.labelColumn(), dataset.featureNames(), dataset.splits()), run.testing)));
        return run;
    }

    /**
     * Active → FAILED with the reason, and RunFailed, in one transaction; empty if the run had already ended.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RetrainRun> markFailed(UUID id, ExtractionException.Kind kind, String reason, Long extractionMs,
            Integer attempts) {
        RetrainRun run = locked(id);
        if (run == null || !run.status.active()) {
            return Optional.empty();
        }
        run.finishedAt = moveTo(run, RunStatus.FAILED);
        run.failureKind = kind.name();
        run.failureReason = reason;
        run.extractionMs = extractionMs;
        run.attempts = attempts;
        outbox.publish(EventEnvelope.of(id.toString(), new RunFailed(id.toString(), run.model, STAGE, reason)));
        return Optional.of(run);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RetrainRun> findRun(UUID id) {
        return Optional.ofNullable(em.find(RetrainRun.class, id));
    }

    /** Runs a stopped process left active, oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<RetrainRun> leftActive() {
        return RetrainRun.<RetrainRun>find("status in ?1 order by requestedAt", RunStatus.ACTIVE).list();
    }

    /** The run, locked until the transaction ends: transitions of one run never interleave. */
    private RetrainRun locked(UUID id) {
        return em.find(RetrainRun.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Sets the status and returns the time of the change. */
    private static Instant moveTo(RetrainRun run, RunStatus status) {
        Instant now = Instant.now();
        run.status = status;
        run.updatedAt = now;
        return now;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
