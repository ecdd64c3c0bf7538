package dev.treeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.treeline.events.EventCodec;
import dev.treeline.events.Topics;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Second half of the crash window: the service starts again (a new Quarkus application, relay on)
 * on the database the first half left behind, and sends the approval that was committed but never
 * sent, after the registration that preceded it.
 */
@QuarkusTest
@TestProfile(OutboxCrashWindow2RestartTest.RelayUp.class)
@QuarkusTestResource(value = SameInfrastructureTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class OutboxCrashWindow2RestartTest {

    public static class RelayUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.outbox.enabled", "true", "treeline.outbox.poll-interval", "300ms");
        }
    }

    @Test
    void afterRestartTheRelaySendsTheApprovalThatWasCommittedButNeverSent() {
        String eventId = System.getProperty(OutboxCrashWindow1RelayDownTest.EVENT_ID);
        String group = System.getProperty(OutboxCrashWindow1RelayDownTest.GROUP);
        Assumptions.assumeTrue(eventId != null,
                "runs after OutboxCrashWindow1RelayDownTest in the same JVM (the whole module's test run)");

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsUntil(Topics.MODEL_PACKAGES,
                r -> group.equals(r.key()) && !new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                        .startsWith(OutboxCrashWindow1RelayDownTest.MARKER), 2, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> EventCodec.shared().decode(r.value()).type().wireName())
                .containsExactly("ModelRegistered", "ModelApproved");
        assertThat(EventCodec.shared().decode(records.get(1).value()).eventId()).isEqualTo(UUID.fromString(eventId));
        assertThat(new String(records.get(1).headers().lastHeader("ce_id").value())).isEqualTo(eventId);

        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ModelPackage.getEntityManager().createNativeQuery(
                                "select published_at is not null from outbox_event where event_id = cast(:id as uuid)")
                        .setParameter("id", eventId).getSingleResult()).equals(Boolean.TRUE));
    }
}
