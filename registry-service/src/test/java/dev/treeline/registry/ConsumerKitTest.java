package dev.treeline.registry;

import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.infra.LocalInfraTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumer kit through a real consumer (TuningCompleted on the real broker): an event of a type the consumer
 * does not handle is ignored on purpose, recorded (so it is not dead-lettered) and counted; a redelivery is counted as a
 * duplicate and changes nothing. Each check waits for a later event to be applied instead of sleeping.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class ConsumerKitTest {

    @Inject
    MeterRegistry meters;
    @Inject
    EntityManager em;

    @Test
    void anEventOfATypeTheConsumerDoesNotHandleIsIgnoredRecordedAndCounted() {
        String group = newGroup("ignored");
        double ignoredBefore = count("ignored", "RunFailed");
        EventEnvelope<RunFailed> stray = EventEnvelope.of(UUID.randomUUID().toString(),
                new RunFailed(UUID.randomUUID().toString(), group, "tuning", "not for the registry's tuning consumer"));

        TestKafka.send(Topics.TUNING, group, bytes(stray));
        // Same key, same partition: once the later event is applied, the stray one has been consumed.
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-1", 10.0, false)));

        await().atMost(Duration.ofSeconds(30)).until(() -> RegistrationTest.versionsOf(group).size() == 1);
        assertThat(count("ignored", "RunFailed")).isEqualTo(ignoredBefore + 1);
        assertThat(processed(stray.eventId())).containsExactly("registry.tuning");
    }

    @Test
    void aRedeliveredEventIsCountedAsADuplicateAndRegistersNothingMore() {
        String group = newGroup("redelivered");
        EventEnvelope<TuningCompleted> first = completed(group, "hp-" + group + "-1", 10.0, false);
        double duplicatesBefore = count("duplicate", "TuningCompleted");

        TestKafka.send(Topics.TUNING, group, bytes(first));
        TestKafka.send(Topics.TUNING, group, bytes(first));
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-2", 9.0, false)));

        await().atMost(Duration.ofSeconds(30)).until(() -> RegistrationTest.versionsOf(group).size() == 2);
        assertThat(RegistrationTest.versionsOf(group)).extracting(v -> v.tuningJobName)
                .containsExactly("hp-" + group + "-1", "hp-" + group + "-2");
        assertThat(count("duplicate", "TuningCompleted")).isEqualTo(duplicatesBefore + 1);
    }

    private double count(String outcome, String type) {
        var counter = meters.find("treeline.consumer.events").tag("consumer", "registry.tuning")
                .tag("outcome", outcome).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    @SuppressWarnings("unchecked")
    private List<String> processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select consumer from processed_event where event_id = :id").setParameter("id", eventId)
                .getResultList());
    }
}
