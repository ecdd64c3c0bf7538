package dev.treeline.dataprep.run;

import java.time.Clock;
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

import dev.treeline.dataprep.extract.Dataset;
import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.dataprep.definition.DefinitionLookup;
import dev.treeline.dataprep.definition.StoredDefinition;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.Lineage;
import dev.treeline.events.DateWindow;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.support.errors.ConflictException;
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
    private final DefinitionLookup definitions;
    private final Event<RunAccepted> accepted;
    private final Outbox outbox;
    private final Clock clock;

    public RunService(EntityManager em, DefinitionLookup definitions, Event<RunAccepted> accepted, Outbox outbox,
            Clock clock) {
        this.em = em;
        this.definitions = definitions;
        this.accepted = accepted;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The model's current definition, if it may start runs.
     *
     * @throws UndefinedModelException when the model was never defined (404)
     * @throws RetiredModelException   when it is retired (409)
     */
    public StoredDefinition activeDefinition(String model) {
        StoredDefinition stored = definitions.current(model).orElseThrow(() -> new UndefinedModelException(model,
                activeModels()));
        if (stored.retired()) {
            throw new RetiredModelException(stored);
        }
        return stored;
    }

    /** Names of the models that may start runs. */
    public List<String> activeModels() {
        return definitions.all().stream().filter(d -> !d.retired()).map(StoredDefinition::name).toList();
    }

    /**
     * The definition the run snapshotted when it was requested; a run requested before definitions existed reads
     * the model's current one.
     */
    public ModelDefinition definitionOf(RetrainRun run) {
        if (run.definitionSnapshot != null) {
            return DefinitionSnapshot.read(run.definitionSnapshot);
        }
        return activeDefinition(run.model).definition();
    }

    /**
     * Inserts a REQUESTED run unless the model has an active one. The partial unique index on active runs
     * decides between concurrent kickoffs ({@code on conflict do nothing}: the loser waits for the winner's
     * commit, then inserts nothing), so the caller's transaction stays usable either way. The work starts
     * after the caller's commit ({@link RunAccepted}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Kickoff request(KickoffRequest request) {
        StoredDefinition stored = activeDefinition(request.model());
        for (int attempt = 0; attempt < 3; attempt++) {
            UUID id = UUID.randomUUID();
            if (insertUnlessActive(id, request)) {
                RetrainRun run = RetrainRun.findById(id);
                run.triggerEventId = request.triggerEventId();
                run.drift = request.drift();
                run.definitionRevision = stored.revision();
                run.definitionSnapshot = DefinitionSnapshot.of(stored.definition());
                run.labelColumn = stored.definition().data().labelColumn();
                accepted.fire(new RunAccepted(id, request.model(), request.reason()));
                return new Kickoff.Started(run);
            }
            Optional<RetrainRun> active = activeRun(request.model());
            if (active.isPresent()) {
                return new Kickoff.Blocked(active.get().id, active.get().status);
            }
            // the active run finished between our insert and our look-up: try again
        }
        throw new ConflictException("could not start a run for " + request.model() + ": runs keep overlapping");
    }

    /**
     * Claims the model's one active slot: inserts a REQUESTED row unless the model has an active run. Native
     * SQL because only {@code on conflict} on the partial unique index lets the loser of a race insert
     * nothing without failing the transaction; the entity fills in the rest.
     */
    private boolean insertUnlessActive(UUID id, KickoffRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the column keeps
        return em.createNativeQuery("insert into retrain_run (id, model, reason, testing, requested_by, status,"
                + " requested_at, updated_at) values (:id, :model, :reason, :testing, :requestedBy, :status, :now, :now)"
                + " on conflict (model) where status in ('REQUESTED', 'EXTRACTING') do nothing")
                .setParameter("id", id)
                .setParameter("model", request.model())
                .setParameter("reason", request.reason().name())
                .setParameter("testing", request.testing())
                .setParameter("requestedBy", request.requestedBy())
                .setParameter("status", RunStatus.REQUESTED.name())
                .setParameter("now", now)
                .executeUpdate() == 1;
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
        run.queryParameters = bound;
        return Optional.of(run);
    }

    /** EXTRACTING → READY and DatasetReady, in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RetrainRun markReady(UUID id, Dataset dataset, long extractionMs, int attempts) {
        RetrainRun run = locked(id);
        if (run.status != RunStatus.EXTRACTING) {
            throw new ConflictException("run " + id + " is " + run.status + ", not EXTRACTING");
        }
        ModelDefinition definition = definitionOf(run);
        run.finishedAt = moveTo(run, RunStatus.READY);
        run.featureNames = dataset.featureNames();
        run.datasets = dataset.splits();
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
                definition.task().objective(), definition.task().objectiveMetric(), definition.tuning(),
                run.definitionRevision == null ? 0 : run.definitionRevision, new Lineage(definition.data().layer(),
                        dataset.query(), dataset.parameters(), dataset.window(), definition.data().labelColumn(),
                        dataset.featureNames(), dataset.splits()), run.testing)));
        return run;
    }

    /**
     * Active → FAILED with the reason, and RunFailed, in one transaction; empty if the run had already ended.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RetrainRun> markFailed(UUID id, FailureKind kind, String reason, Long extractionMs,
            Integer attempts) {
        RetrainRun run = locked(id);
        if (run == null || !run.status.active()) {
            return Optional.empty();
        }
        run.finishedAt = moveTo(run, RunStatus.FAILED);
        run.failureKind = kind;
        run.failureReason = reason;
        run.extractionMs = extractionMs;
        run.attempts = attempts;
        outbox.publish(EventEnvelope.of(id.toString(), new RunFailed(id.toString(), run.model, STAGE, reason)));
        return Optional.of(run);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RetrainRun> findRun(UUID id) {
        return RetrainRun.findByIdOptional(id);
    }

    /** Runs a stopped process left active, oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<RetrainRun> leftActive() {
        return RetrainRun.<RetrainRun>find("status in ?1 order by requestedAt", RunStatus.ACTIVE).list();
    }

    /** The run, locked until the transaction ends: transitions of one run never interleave. */
    private RetrainRun locked(UUID id) {
        return RetrainRun.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Sets the status and returns the time of the change. */
    private Instant moveTo(RetrainRun run, RunStatus status) {
        Instant now = clock.instant();
        run.status = status;
        run.updatedAt = now;
        return now;
    }
}
