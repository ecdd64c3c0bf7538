package dev.treeline.dataprep.definition;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.definition.ApplyOutcome.Outcome;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.outbox.Outbox;

/**
 * Applies, restores and retires definitions (already validated by the caller). Every change locks the model's row,
 * compares content hashes (identical content makes no revision), stores the revision and publishes
 * {@code ModelDefinitionChanged} through the outbox, all in one transaction; so replicas applying the same file at
 * once make one revision. A model whose current revision came from the folder refuses API changes.
 */
@ApplicationScoped
public class DefinitionService {

    private static final Logger LOG = Logger.getLogger(DefinitionService.class);

    private final DefinitionStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final DefinitionsConfig config;
    private final TransactionSynchronizationRegistry transactions;

    public DefinitionService(DefinitionStore store, Outbox outbox, Clock clock, DefinitionsConfig config,
            TransactionSynchronizationRegistry transactions) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.transactions = transactions;
    }

    /** Creates or changes one model's definition; a dry run answers the same and rolls everything back. */
    @Transactional
    public ApplyOutcome apply(ModelDefinition definition, DefinitionSource source, boolean dryRun) {
        ApplyOutcome outcome = applyLocked(definition, source, now());
        rollBackIf(dryRun);
        return outcome;
    }

    /**
     * Applies every definition in one transaction (any failure applies none); with {@code prune}, retires every
     * API-owned active model not in the set (folder-owned models are never pruned by the API).
     */
    @Transactional
    public List<ApplyOutcome> applyAll(List<ModelDefinition> definitions, boolean prune, DefinitionSource source,
            boolean dryRun) {
        Instant now = now();
        List<ApplyOutcome> results = new ArrayList<>();
        // one order for every writer: two batches never wait for each other's rows in a circle
        definitions.stream().sorted(Comparator.comparing(ModelDefinition::name))
                .forEach(definition -> results.add(applyLocked(definition, source, now)));
        if (prune) {
            Set<String> named = definitions.stream().map(ModelDefinition::name).collect(Collectors.toSet());
            for (StoredDefinition stored : store.all()) {
                if (!named.contains(stored.name()) && !stored.retired()
                        && StoredDefinition.SOURCE_API.equals(stored.source())) {
                    ApplyOutcome retired = retireLocked(stored.name(), source, now);
                    results.add(new ApplyOutcome(retired.name(), retired.revised() ? Outcome.PRUNED
                            : Outcome.UNCHANGED, retired.action(), retired.revision(), retired.contentHash(),
                            retired.changes()));
                }
            }
        }
        rollBackIf(dryRun);
        return results;
    }

    /** Makes revision {@code n}'s definition current again, as a new revision (action {@code restored}). */
    @Transactional
    public ApplyOutcome restore(String name, int n, DefinitionSource source) {
        Instant now = now();
        StoredDefinition current = store.lock(name, now).orElseThrow(() -> DefinitionNotFoundException.model(name));
        refuseIfFolderOwned(current, source);
        DefinitionRevision old = store.revision(name, n).orElseThrow(() -> new DefinitionNotFoundException(
                "model '" + name + "' has no revision " + n + "; its current revision is " + current.revision()));
        ModelDefinition definition = old.definition();
        String hash = ModelDefinitions.contentHash(definition);
        if (hash.equals(current.contentHash()) && !current.retired() && sameSource(current, source)) {
            return ApplyOutcome.unchanged(current);
        }
        return write(current, definition, hash, DefinitionRevision.RESTORED, source, now, Outcome.CHANGED);
    }

    /** Retires the model: its schedule stops and it starts no runs; history, runs and versions stay. */
    @Transactional
    public ApplyOutcome retire(String name, DefinitionSource source) {
        return retireLocked(name, source, now());
    }

    private ApplyOutcome applyLocked(ModelDefinition definition, DefinitionSource source, Instant now) {
        String name = definition.name();
        Optional<StoredDefinition> current = store.lock(name, now);
        String hash = ModelDefinitions.contentHash(definition);
        if (current.isEmpty()) {
            return write(null, definition, hash, DefinitionRevision.APPLIED, source, now, Outcome.CREATED);
        }
        StoredDefinition stored = current.get();
        refuseIfFolderOwned(stored, source);
        if (hash.equals(stored.contentHash()) && !stored.retired() && sameSource(stored, source)) {
            return ApplyOutcome.unchanged(stored);
        }
        return write(stored, definition, hash, DefinitionRevision.APPLIED, source, now, Outcome.CHANGED);
    }

    private ApplyOutcome retireLocked(String name, DefinitionSource source, Instant now) {
        StoredDefinition current = store.lock(name, now).orElseThrow(() -> DefinitionNotFoundException.model(name));
        refuseIfFolderOwned(current, source);
        if (current.retired()) {
            return ApplyOutcome.unchanged(current);
        }
        DefinitionRevision revision = new DefinitionRevision(name, current.revision() + 1, current.contentHash(),
                DefinitionRevision.RETIRED, source.source(), source.origin(), source.by(), now, current.definition(),
                List.of());
        store.write(revision, true);
        publish(revision, true);
        LOG.infof("model %s retired (revision %d, %s by %s)", name, revision.revision(), source.source(), source.by());
        return new ApplyOutcome(name, Outcome.RETIRED, revision.action(), revision.revision(), revision.contentHash(),
                List.of());
    }

    private ApplyOutcome write(StoredDefinition current, ModelDefinition definition, String hash, String action,
            DefinitionSource source, Instant now, Outcome outcome) {
        List<ModelDefinitions.Change> changes = ModelDefinitions.diff(current == null ? null : current.definition(),
                definition);
        DefinitionRevision revision = new DefinitionRevision(definition.name(),
                current == null ? 1 : current.revision() + 1, hash, action, source.source(), source.origin(),
                source.by(), now, definition, changes);
        store.write(revision, false);
        publish(revision, false);
        LOG.infof("model %s: revision %d %s (%s%s by %s, %d changes)", definition.name(), revision.revision(), action,
                source.source(), source.origin() == null ? "" : " " + source.origin(), source.by(), changes.size());
        return new ApplyOutcome(definition.name(), outcome, action, revision.revision(), hash, changes);
    }

    /** What applying the definition through the API would do, without locking or writing anything. */
    public ApplyOutcome preview(ModelDefinition definition) {
        String hash = ModelDefinitions.contentHash(definition);
        Optional<StoredDefinition> current = store.current(definition.name());
        if (current.isEmpty()) {
            return new ApplyOutcome(definition.name(), Outcome.CREATED, DefinitionRevision.APPLIED, 1, hash,
                    ModelDefinitions.diff(null, definition));
        }
        StoredDefinition stored = current.get();
        if (hash.equals(stored.contentHash()) && !stored.retired()
                && StoredDefinition.SOURCE_API.equals(stored.source())) {
            return ApplyOutcome.unchanged(stored);
        }
        return new ApplyOutcome(definition.name(), Outcome.CHANGED, DefinitionRevision.APPLIED,
                stored.revision() + 1, hash, ModelDefinitions.diff(stored.definition(), definition));
    }

    private void publish(DefinitionRevision revision, boolean retired) {
        outbox.publish(EventEnvelope.of(UUID.randomUUID().toString(), new ModelDefinitionChanged(revision.model(),
                revision.revision(), revision.contentHash(), revision.definition(), revision.source(),
                revision.origin(), revision.by(), revision.at(), retired)));
    }

    private void refuseIfFolderOwned(StoredDefinition current, DefinitionSource source) {
        if (source.api() && folderOwned(current)) {
            throw new FolderOwnedException(current, config.dir().map(Object::toString).orElse("(none configured)"));
        }
    }

    /**
     * A model whose current revision came from the folder, and is not retired: a file removed from the folder
     * retires its model, which the API may then define again.
     */
    public static boolean folderOwned(StoredDefinition current) {
        return StoredDefinition.SOURCE_FOLDER.equals(current.source()) && !current.retired();
    }

    /** The same owner: the API, or the folder with the same file (the folder takes over an API-owned model). */
    private static boolean sameSource(StoredDefinition current, DefinitionSource source) {
        return current.source().equals(source.source()) && java.util.Objects.equals(current.origin(), source.origin());
    }

    private void rollBackIf(boolean dryRun) {
        if (dryRun) {
            transactions.setRollbackOnly();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
