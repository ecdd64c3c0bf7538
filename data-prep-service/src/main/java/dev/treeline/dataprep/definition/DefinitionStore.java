package dev.treeline.dataprep.definition;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;

/**
 * The definitions table (one row per model: its current revision) and the revisions table (every revision), in
 * data-prep's database. Read every time it is asked: replicas share the database, not a cache.
 */
@ApplicationScoped
public class DefinitionStore implements DefinitionLookup {

    private static final String CURRENT = "select name, revision, content_hash, definition::text, source, origin,"
            + " retired, applied_at, applied_by from model_definition";
    private static final String REVISIONS = "select model, revision, content_hash, action, source, origin,"
            + " applied_by, applied_at, definition::text, changes::text from model_definition_revision";
    private static final TypeReference<List<ModelDefinitions.Change>> CHANGES = new TypeReference<>() {
    };

    private final EntityManager em;

    public DefinitionStore(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public Optional<StoredDefinition> current(String name) {
        List<?> rows = em.createNativeQuery(CURRENT + " where name = :name and revision > 0")
                .setParameter("name", name).getResultList();
        return rows.stream().findFirst().map(row -> stored((Object[]) row));
    }

    @Override
    @Transactional
    public List<StoredDefinition> all() {
        List<?> rows = em.createNativeQuery(CURRENT + " where revision > 0 order by name").getResultList();
        return rows.stream().map(row -> stored((Object[]) row)).toList();
    }

    /**
     * A stamp that changes whenever any model gets a revision (revisions only grow): a cheap way for every replica
     * to notice that the table changed.
     */
    @Transactional
    public String version() {
        Object[] row = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(revision), 0)"
                + " from model_definition where revision > 0").getSingleResult();
        return row[0] + ":" + row[1];
    }

    /**
     * Locks the model's row until the transaction ends, creating an empty placeholder (revision 0, committed only
     * together with a first revision) when the model was never defined, so that two writers of a new model also
     * meet on one row: the second waits for the first to commit, then sees its revision.
     *
     * @return the current revision; empty when the model has none yet
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredDefinition> lock(String name, Instant now) {
        em.createNativeQuery("insert into model_definition (name, revision, content_hash, source, retired, definition,"
                + " applied_at, applied_by) values (:name, 0, '', 'api', true, cast('{}' as jsonb), :now, '')"
                + " on conflict (name) do nothing")
                .setParameter("name", name).setParameter("now", now).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery(CURRENT + " where name = :name for update")
                .setParameter("name", name).getSingleResult();
        return ((Number) row[1]).intValue() == 0 ? Optional.empty() : Optional.of(stored(row));
    }

    /** Stores a new revision and makes it the model's current one; the caller holds the row's lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(DefinitionRevision revision, boolean retired) {
        String definition = ModelDefinitions.canonicalJson(revision.definition());
        em.createNativeQuery("insert into model_definition_revision (model, revision, content_hash, action, source,"
                + " origin, applied_by, applied_at, definition, changes) values (:model, :revision, :hash, :action,"
                + " :source, :origin, :by, :at, cast(:definition as jsonb), cast(:changes as jsonb))")
                .setParameter("model", revision.model())
                .setParameter("revision", revision.revision())
                .setParameter("hash", revision.contentHash())
                .setParameter("action", revision.action())
                .setParameter("source", revision.source())
                .setParameter("origin", revision.origin())
                .setParameter("by", revision.by())
                .setParameter("at", revision.at())
                .setParameter("definition", definition)
                .setParameter("changes", json(revision.changes()))
                .executeUpdate();
        em.createNativeQuery("update model_definition set revision = :revision, content_hash = :hash, source = :source,"
                + " origin = :origin, retired = :retired, definition = cast(:definition as jsonb), applied_at = :at,"
                + " applied_by = :by where name = :model")
                .setParameter("model", revision.model())
                .setParameter("revision", revision.revision())
                .setParameter("hash", revision.contentHash())
                .setParameter("source", revision.source())
                .setParameter("origin", revision.origin())
                .setParameter("retired", retired)
                .setParameter("definition", definition)
                .setParameter("at", revision.at())
                .setParameter("by", revision.by())
                .executeUpdate();
    }

    /** Every revision of the model, newest first. */
    @Transactional
    public List<DefinitionRevision> revisions(String model) {
        List<?> rows = em.createNativeQuery(REVISIONS + " where model = :model order by revision desc")
                .setParameter("model", model).getResultList();
        return rows.stream().map(row -> revision((Object[]) row)).toList();
    }

    @Transactional
    public Optional<DefinitionRevision> revision(String model, int revision) {
        List<?> rows = em.createNativeQuery(REVISIONS + " where model = :model and revision = :revision")
                .setParameter("model", model).setParameter("revision", revision).getResultList();
        return rows.stream().findFirst().map(row -> revision((Object[]) row));
    }

    private static StoredDefinition stored(Object[] row) {
        return new StoredDefinition((String) row[0], ((Number) row[1]).intValue(), ((String) row[2]).trim(),
                definition((String) row[3]), (String) row[4], (String) row[5], (Boolean) row[6], instant(row[7]),
                (String) row[8]);
    }

    private static DefinitionRevision revision(Object[] row) {
        try {
            return new DefinitionRevision((String) row[0], ((Number) row[1]).intValue(), ((String) row[2]).trim(),
                    (String) row[3], (String) row[4], (String) row[5], (String) row[6], instant(row[7]),
                    definition((String) row[8]), ModelDefinitions.json().readValue((String) row[9], CHANGES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored changes of " + row[0] + " revision " + row[1] + " do not read", e);
        }
    }

    /** A stored definition, read back the way it was written (canonical JSON). */
    public static ModelDefinition definition(String json) {
        try {
            return ModelDefinitions.bind(ModelDefinitions.json().readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition does not read", e);
        }
    }

    private static String json(Object value) {
        try {
            return ModelDefinitions.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A timestamp column's value from a native query, whichever type the driver gave. */
    public static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
