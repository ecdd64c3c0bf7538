package dev.treeline.deployer.accesskeys;

import static dev.treeline.deployer.RegistryFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.treeline.deployer.TestAccessKeys;
import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.persistence.ProcessedEvent;
import dev.treeline.support.security.AccessKeySecrets;
import dev.treeline.support.security.sigv4.AccessKeyLookup;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The deployer's copy of the registry's access-key table, fed by AccessKeysChanged snapshots on the real broker:
 * the newest revision is served and stored (secrets as ciphertext), older and equal ones change nothing, a snapshot
 * that does not decrypt is dead-lettered whole, and a restarted deployer serves the stored table without the
 * registry.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class AccessKeyTableTest {

    @Inject
    AccessKeyTable table;
    @Inject
    AccessKeyStore store;
    @Inject
    EntityManager em;

    static TestAccessKeys.Key extraKey(String owner) {
        String id = "TLAK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        return new TestAccessKeys.Key(id, "secret-of-" + id, owner, AccessKeysChanged.Status.ACTIVE,
                Set.of("invoker"));
    }

    @Test
    void newestSnapshotIsServedAndStoredAsCiphertextWhileOlderAndEqualRevisionsAreIgnored() {
        AccessKeySecrets secrets = TestAccessKeys.secrets();
        TestAccessKeys.Key first = extraKey("first-app");
        TestAccessKeys.Key late = extraKey("late-app");
        long older = TestAccessKeys.nextRevision();
        long newer = TestAccessKeys.nextRevision();

        TestAccessKeys.publish(newer, TestAccessKeys.standardPlus(secrets, List.of(first)));
        await("revision " + newer + " served", () -> table.revision() >= newer);
        assertThat(table.find(first.accessKeyId())).contains(AccessKeyLookup.AccessKey.active(first.accessKeyId(),
                first.secret(), "first-app"));
        assertThat(table.entry(first.accessKeyId()).invoker()).isTrue();
        assertThat(table.entry(TestAccessKeys.VIEWER_ONLY.accessKeyId()).invoker()).isFalse();
        assertThat(table.entry(TestAccessKeys.OPERATOR.accessKeyId()).invoker()).isTrue();
        assertThat(table.find(TestAccessKeys.REVOKED.accessKeyId()).orElseThrow().status())
                .isEqualTo(AccessKeyLookup.Status.REVOKED);
        assertThat(store.revision()).hasValue(newer);
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select secret_ciphertext from access_key where access_key_id = :id")
                .setParameter("id", first.accessKeyId()).getSingleResult());
        assertThat(stored).doesNotContain(first.secret());
        assertThat(secrets.decrypt(first.accessKeyId(), stored)).isEqualTo(first.secret());

        EventEnvelope<AccessKeysChanged> stale = TestAccessKeys.publish(older,
                TestAccessKeys.standardPlus(secrets, List.of(late)));
        EventEnvelope<AccessKeysChanged> repeated = TestAccessKeys.publish(newer,
                TestAccessKeys.standardPlus(secrets, List.of(late)));
        awaitProcessed(stale);
        awaitProcessed(repeated);
        assertThat(table.revision()).isEqualTo(newer);
        assertThat(table.find(late.accessKeyId())).isEmpty();
        assertThat(table.find(first.accessKeyId())).isPresent();
        assertThat(store.revision()).hasValue(newer);
        assertThat(store.load().keys()).extracting(KeyTableSnapshot.Sealed::accessKeyId)
                .contains(first.accessKeyId()).doesNotContain(late.accessKeyId());
    }

    @Test
    void snapshotWithASecretThatDoesNotDecryptIsDeadLetteredWithTheReasonAndNothingOfItIsApplied() {
        TestAccessKeys.ensurePublished();
        long before = table.revision();
        TestAccessKeys.Key good = extraKey("good-app");
        TestAccessKeys.Key foreign = extraKey("foreign-app");
        List<AccessKeysChanged.Entry> entries = new ArrayList<>(
                TestAccessKeys.standardPlus(TestAccessKeys.secrets(), List.of(good)));
        AccessKeySecrets otherInstallation = AccessKeySecrets.fromBase64(AccessKeySecrets.newEncryptionKey());
        entries.add(new AccessKeysChanged.Entry(foreign.accessKeyId(), foreign.owner(), AccessKeysChanged.Status.ACTIVE,
                Set.of("invoker"), otherInstallation.encrypt(foreign.accessKeyId(), foreign.secret()),
                Instant.now(), null));
        EventEnvelope<AccessKeysChanged> bad = TestAccessKeys.publish(TestAccessKeys.nextRevision(), entries);

        var dead = TopicReader.recordsUntil(Topics.deadLetter(Topics.ACCESS_KEYS),
                r -> EventCodec.shared().decode(r.value()).eventId().equals(bad.eventId()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains(foreign.accessKeyId()).contains("does not decrypt")
                .doesNotContain(foreign.secret());
        assertThat(table.revision()).isEqualTo(before);
        assertThat(table.find(good.accessKeyId())).isEmpty();
        assertThat(store.revision()).hasValue(before);
    }

    @Test
    void restartedDeployerServesTheStoredTableWithoutTheRegistry() {
        TestAccessKeys.ensurePublished();
        // A restart: a fresh table over the same database, nothing from Kafka.
        AccessKeyTable restarted = new AccessKeyTable();
        new AccessKeyFollower(store, restarted, TestAccessKeys.ENCRYPTION_KEY).restoreFromDatabase();
        assertThat(restarted.revision()).isEqualTo(table.revision());
        assertThat(restarted.find(TestAccessKeys.INVOKER.accessKeyId())).contains(AccessKeyLookup.AccessKey.active(
                TestAccessKeys.INVOKER.accessKeyId(), TestAccessKeys.INVOKER.secret(), "invoker-bot"));
        assertThat(restarted.current().keys().keySet()).isEqualTo(table.current().keys().keySet());
    }

    private static void awaitProcessed(EventEnvelope<?> event) {
        await("event " + event.eventId() + " processed", () -> QuarkusTransaction.requiringNew().call(() ->
                ProcessedEvent.findById(new ProcessedEvent.Key(AccessKeysConsumer.CONSUMER, event.eventId())) != null));
    }
}
