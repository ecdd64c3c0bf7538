package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.events.Topics;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * First half of the crash window: the process commits an approval and dies before the relay sends
 * it (here: the relay is off). The approval is stored with its event, unsent, and nothing reached
 * Kafka. {@link OutboxCrashWindow2RestartTest} restarts the service on the same database: Quarkus
 * runs test classes grouped by profile, profiles in name order, so this class's profile
 * ({@code OutboxCrashWindow1...$RelayDown}) comes before the second's and after all unprofiled tests.
 */
@QuarkusTest
@TestProfile(OutboxCrashWindow1RelayDownTest.RelayDown.class)
@QuarkusTestResource(value = SameInfrastructureTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class OutboxCrashWindow1RelayDownTest {

    static final String EVENT_ID = "registry.test.crash-window.event-id";
    static final String GROUP = "registry.test.crash-window.group";
    /** Value of the test's own marker record on the model-packages topic (not an event). */
    static final String MARKER = "test-marker:";

    public static class RelayDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.outbox.enabled", "false");
        }
    }

    @Inject
    TuningCompletedConsumer consumer;

    @Test
    void approvalCommittedWhileTheRelayIsDownIsStoredUnsentAndNotOnKafka() {
        String group = newGroup("crash");
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        String approver = TestUsers.create("approver");

        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "ship it"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(200);

        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> ModelPackage.getEntityManager()
                .createNativeQuery("select cast(event_id as varchar), published_at from outbox_event"
                        + " where message_key = :group and event_type = 'ModelApproved'", Object[].class)
                .setParameter("group", group).getResultList());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[1]).as("published_at").isNull();
        String eventId = (String) rows.get(0)[0];
        // Nothing of this group reached Kafka: a marker sent after the commit, on the group's partition, is the
        // first and only record with its key.
        TestKafka.send(Topics.MODEL_PACKAGES, group, (MARKER + eventId).getBytes(StandardCharsets.UTF_8));
        List<String> keyed = TopicReader.recordsUntil(Topics.MODEL_PACKAGES, r -> group.equals(r.key()), 1,
                Duration.ofSeconds(30)).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(keyed).containsExactly(MARKER + eventId);

        System.setProperty(EVENT_ID, eventId);
        System.setProperty(GROUP, group);
    }
}
