package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.ModelKeys;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The deployer follows the registry (policy approved, no delay) on the real broker, database and store. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class FollowingTheRegistryTest {

    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(7, 5);

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;

    @BeforeAll
    static void train() throws Exception {
        a = TestModels.train(1, 3f);
        b = TestModels.train(2, -2f);
    }

    @AfterAll
    static void dispose() {
        a.booster().dispose();
        b.booster().dispose();
    }

    private Optional<Integer> served(String group) {
        return store.desired(group).map(d -> d.version);
    }

    @Test
    void approvalIsServedAndAnnouncedWithTheRunIdWhileARegistrationAloneIsNot() throws Exception {
        String group = uniqueGroup("churn");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.awaitProcessed(registry.registered(v1, ApprovalStatus.PendingManualApproval));
            assertThat(served(group)).as("registered only, policy approved").isEmpty();
            assertThat(Invocations.status(group, ROWS)).isEqualTo(400);

            registry.approved(v1);
            await("v1 served", () -> served(group).equals(Optional.of(1)));

            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
            List<EventEnvelope<?>> deployed = RegistryFixture.deploymentEvents(group, 1,
                    e -> e.payload() instanceof ModelDeployed);
            assertThat(deployed).hasSize(1);
            ModelDeployed payload = (ModelDeployed) deployed.get(0).payload();
            assertThat(deployed.get(0).correlationId()).isEqualTo(v1.runId());
            assertThat(payload.action()).isEqualTo(DeploymentAction.PROMOTED);
            assertThat(payload.account()).isEqualTo("sandbox");
            assertThat(payload.endpoint()).isEqualTo("treeline-sandbox");
            assertThat(payload.artifactSha256()).isEqualTo(a.sha256());
            assertThat(payload.reason()).contains("alice");
        }
    }

    @Test
    void newerApprovalSwapsAndALateOrDuplicateOlderEventNeverMovesBack() throws Exception {
        String group = uniqueGroup("late");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            var approveV1 = registry.approved(v1);
            await("v1 served", () -> served(group).equals(Optional.of(1)));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));

            registry.approved(v2);
            await("v2 served", () -> served(group).equals(Optional.of(2)));
            await("v2 answers", () -> equalsPrediction(group, b));

            registry.resend(approveV1); // duplicate delivery of the old approval
            registry.approved(v1); // a new but out-of-order approval of the older version
            RegistryFixture.awaitProcessed(registry.registered(v1, ApprovalStatus.Approved));
            assertThat(served(group)).contains(2);
            assertThat(Invocations.predict(group, ROWS)).containsExactly(b.reference(ROWS));
            assertThat(RegistryFixture.deploymentEvents(group, 2, e -> e.payload() instanceof ModelDeployed))
                    .as("one ModelDeployed per real change").hasSize(2);
        }
    }

    @Test
    void rejectRollsBackToTheNewestEarlierApprovedAndRejectAgainStopsServing() throws Exception {
        String group = uniqueGroup("rollback");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            registry.approved(v1);
            registry.approved(v2);
            await("v2 served", () -> served(group).equals(Optional.of(2)));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(b.reference(ROWS));

            registry.rejected(v2);
            await("rolled back to v1", () -> served(group).equals(Optional.of(1)));
            await("v1 answers", () -> equalsPrediction(group, a));
            List<EventEnvelope<?>> rollback = RegistryFixture.deploymentEvents(group, 1,
                    e -> e.payload() instanceof ModelDeployed d && d.action() == DeploymentAction.ROLLED_BACK);
            assertThat(rollback).hasSize(1);
            assertThat(((ModelDeployed) rollback.get(0).payload()).version()).isEqualTo(1);
            assertThat(((ModelDeployed) rollback.get(0).payload()).reason()).contains("v2 rejected by bob");
            assertThat(rollback.get(0).correlationId()).isEqualTo(v1.runId());

            registry.rejected(v1);
            await("removed", () -> served(group).isEmpty());
            await("no longer answered", () -> Invocations.status(group, ROWS) == 400);
            List<EventEnvelope<?>> undeployed = RegistryFixture.deploymentEvents(group, 1,
                    e -> e.payload() instanceof ModelUndeployed);
            assertThat(undeployed).hasSize(1);
            assertThat(((ModelUndeployed) undeployed.get(0).payload()).version()).isEqualTo(1);

            registry.approved(v2); // re-approved after all: served again
            await("v2 served again", () -> served(group).equals(Optional.of(2)));
        }
    }

    @Test
    void theArtifactIsCopiedBeforeTheGroupLockIsTakenAndRecordedOnceTheLockIsFree() throws Exception {
        String group = uniqueGroup("copy-first");
        try (RegistryFixture registry = new RegistryFixture(s3); S3Client account = S3Clients.create(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
                store.lockGroup(group); // as another replica or the promotion tick would, for this group
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            holder.start();
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                registry.approved(v1);
                await("copied into the account bucket while the group is locked",
                        () -> stored(account, ModelKeys.versioned(group, 1)));
                assertThat(served(group)).as("recorded only under the lock").isEmpty();
            } finally {
                release.countDown();
                holder.join();
            }
            await("v1 served once the lock is free", () -> served(group).equals(Optional.of(1)));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
        }
    }

    private boolean stored(S3Client account, String key) {
        try {
            account.headObject(b -> b.bucket(s3.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void tamperedArtifactIsRefusedAndThePreviousVersionKeepsServing() throws Exception {
        String group = uniqueGroup("tamper");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            registry.approved(v1);
            await("v1 served", () -> served(group).equals(Optional.of(1)));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));

            // The registry recorded a's digest for v2, but the bucket holds b's bytes.
            RegistryFixture.Version v2 = registry.upload(group, 2, b, a.sha256());
            registry.approved(v2);
            List<EventEnvelope<?>> failed = RegistryFixture.deploymentEvents(group, 1,
                    e -> e.payload() instanceof DeploymentFailed);
            assertThat(failed).hasSize(1);
            DeploymentFailed payload = (DeploymentFailed) failed.get(0).payload();
            assertThat(payload.version()).isEqualTo(2);
            assertThat(payload.reason()).contains("SHA-256 mismatch");
            assertThat(failed.get(0).correlationId()).isEqualTo(v2.runId());
            assertThat(served(group)).contains(1);
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
        }
    }

    @Test
    void malformedRecordIsDeadLetteredWithItsReasonAndTheNextEventStillApplies() throws Exception {
        String group = uniqueGroup("dlq");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            String marker = "not-an-event-" + group;
            registry.sendRaw(group, ("{\"oops\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8));
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            registry.approved(v1);
            await("v1 served after the bad record", () -> served(group).equals(Optional.of(1)));
            var dead = TopicReader.recordsUntil(Topics.deadLetter(Topics.MODEL_PACKAGES),
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker), 1, Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();
        }
    }

    private static boolean equalsPrediction(String group, TestModels.Trained model) {
        try {
            return java.util.Arrays.equals(Invocations.predict(group, ROWS), model.reference(ROWS));
        } catch (Exception e) {
            return false;
        }
    }
}
