package dev.treeline.registry;

import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.model.ModelPackageGroup;
import dev.treeline.registry.model.StoredLineage;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class RegistrationTest {

    @Inject
    TuningCompletedConsumer consumer;

    @Test
    void tuningResultFromKafkaBecomesVersionOnePendingApprovalAndIsAnnounced() {
        String group = newGroup("reg");
        EventEnvelope<TuningCompleted> event = completed(group, "hp-" + group + "-1", 24890.12, false);

        TestKafka.send(Topics.TUNING, group, bytes(event));

        ModelPackage stored = awaitVersions(group, 1).get(0);
        TuningCompleted result = event.payload();
        assertThat(stored.version).isEqualTo(1);
        assertThat(stored.approvalStatus).isEqualTo(ApprovalStatus.PendingManualApproval);
        assertThat(stored.testing).isFalse();
        assertThat(stored.runId).isEqualTo(result.runId());
        assertThat(stored.tuningJobName).isEqualTo(result.tuningJobName());
        assertThat(stored.artifact.sha256).isEqualTo(result.artifact().sha256());
        assertThat(stored.artifact.key).isEqualTo(result.artifact().key());
        assertThat(stored.artifact.toRef()).isEqualTo(result.artifact());
        assertThat(stored.sameArtifactAsVersion).isNull();
        assertThat(stored.objectiveMetric).isEqualTo("validation:rmse");
        assertThat(stored.testMetrics).isEqualTo(result.testMetrics());
        assertThat(stored.hyperparameters).containsEntry("eta", 0.1).containsEntry("max_depth", 6);
        StoredLineage lineage = stored.lineage;
        assertThat(lineage.datasets()).isEqualTo(result.lineage().splits());
        assertThat(lineage.query()).isEqualTo(result.lineage().query());
        assertThat(lineage.window()).isEqualTo(result.lineage().window());
        assertThat(lineage.parentTuningJobs()).isEqualTo(result.parentTuningJobs());

        List<ConsumerRecord<String, byte[]>> announced = registeredRecords(group, 1);
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).key()).isEqualTo(group);
        EventEnvelope<ModelRegistered> registered = EventCodec.shared().decode(announced.get(0).value(),
                ModelRegistered.class);
        assertThat(registered.correlationId()).isEqualTo(result.runId());
        assertThat(registered.payload().version()).isEqualTo(1);
        assertThat(registered.payload().approvalStatus()).isEqualTo(ApprovalStatus.PendingManualApproval);
        assertThat(registered.payload().artifact()).isEqualTo(result.artifact());
        assertThat(registered.payload().evaluationMetrics()).isEqualTo(result.testMetrics());
    }

    @Test
    void retrainThatReproducesAnEarlierArtifactSaysWhichVersionItEquals() {
        String group = newGroup("same-artifact");
        String job1 = "hp-" + group + "-1";
        String job2 = "hp-" + group + "-2";
        // Two retrains on identical data that kept version 1's configuration: its model again, byte for byte.
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, job1, List.of(), 9.8, Map.of("rmse", 10.0), false)));
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, job2, 9.0, false)));
        TestKafka.send(Topics.TUNING, group, bytes(TuningResults.reproducing(group, "hp-" + group + "-3", job1)));
        TestKafka.send(Topics.TUNING, group, bytes(TuningResults.reproducing(group, "hp-" + group + "-4", job1)));

        List<ModelPackage> versions = awaitVersions(group, 4);
        assertThat(versions).extracting(v -> v.sameArtifactAsVersion).containsExactly(null, null, 1, 1);
        assertThat(versions.get(2).artifact.key).isNotEqualTo(versions.get(0).artifact.key);

        String viewer = TestUsers.create("viewer");
        TestUsers.as(viewer).get("/groups/" + group + "/versions/3").then().statusCode(200)
                .body("artifactSameAsVersion", equalTo(1));
        TestUsers.as(viewer).get("/groups/" + group + "/versions/2").then().statusCode(200)
                .body("artifactSameAsVersion", nullValue());
        TestUsers.as(viewer).get("/groups/" + group + "/versions/4/lineage").then().statusCode(200)
                .body("artifactSameAsVersion", equalTo(1));
        TestUsers.as(viewer).get("/groups/" + group + "/versions/1/lineage").then().statusCode(200)
                .body("artifactSameAsVersion", nullValue());
    }

    @Test
    void redeliveredEventRegistersOneVersionAndTheNextResultTakesVersionTwo() {
        String group = newGroup("redeliver");
        byte[] first = bytes(completed(group, "hp-" + group + "-1", 10.0, false));
        byte[] second = bytes(completed(group, "hp-" + group + "-2", 9.0, true));

        TestKafka.send(Topics.TUNING, group, first);
        TestKafka.send(Topics.TUNING, group, first);
        TestKafka.send(Topics.TUNING, group, second);

        List<ModelPackage> versions = awaitVersions(group, 2);
        assertThat(versions).extracting(v -> v.version).containsExactly(1, 2);
        assertThat(versions).extracting(v -> v.tuningJobName).containsExactly("hp-" + group + "-1", "hp-" + group + "-2");
        assertThat(versions.get(1).testing).isTrue();
        assertThat(registeredRecords(group, 2)).hasSize(2);
    }

    @Test
    void sameTuningJobPublishedAgainUnderANewEventIdIsNotASecondVersion() {
        String group = newGroup("same-job");
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 10.0, false)));

        assertThat(versionsOf(group)).extracting(v -> v.version).containsExactly(1);
    }

    @Test
    void concurrentConsumersNumberVersionsWithoutGapsOrDuplicates() throws Exception {
        String group = newGroup("concurrent");
        int results = 24;
        List<byte[]> deliveries = new ArrayList<>();
        for (int i = 0; i < results; i++) {
            byte[] event = bytes(completed(group, "hp-" + group + "-" + i, 10.0 + i, false));
            deliveries.add(event);
            deliveries.add(event); // every event arrives twice, possibly at the same moment
        }
        Collections.shuffle(deliveries);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (byte[] delivery : deliveries) {
                done.add(pool.submit(() -> consumer.on(delivery)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<ModelPackage> versions = versionsOf(group);
        assertThat(versions).extracting(v -> v.version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, results).boxed().toList());
        assertThat(versions).extracting(v -> v.tuningJobName).doesNotHaveDuplicates().hasSize(results);
        int latest = QuarkusTransaction.requiringNew().call(() ->
                ModelPackageGroup.<ModelPackageGroup>findById(group).latestVersion);
        assertThat(latest).isEqualTo(results);
        long announced = QuarkusTransaction.requiringNew().call(() -> ((Number) ModelPackage.getEntityManager()
                .createNativeQuery("select count(*) from outbox_event where message_key = :group"
                        + " and event_type = 'ModelRegistered'")
                .setParameter("group", group).getSingleResult()).longValue());
        assertThat(announced).isEqualTo(results);
    }

    @Test
    void malformedEventIsDeadLetteredWithItsReasonAndTheNextOneIsRegistered() {
        String group = newGroup("dlq");
        String malformed = "{\"eventId\":\"6f1d8a4e-0000-4000-8000-000000000001\",\"type\":\"TuningCompleted\","
                + "\"schemaVersion\":1,\"occurredAt\":\"2026-11-24T11:02:13.500Z\",\"correlationId\":\"run-" + group
                + "\",\"subject\":\"" + group + "\",\"payload\":{\"model\":\"" + group + "\"}}";

        TestKafka.send(Topics.TUNING, group, malformed.getBytes(StandardCharsets.UTF_8));
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-1", 10.0, false)));

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsUntil(Topics.deadLetter(Topics.TUNING),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(group), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("invalid TuningCompleted event").contains("payload.runId");
        assertThat(awaitVersions(group, 1)).extracting(v -> v.version).containsExactly(1);
    }

    private List<ModelPackage> awaitVersions(String group, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> versionsOf(group).size() >= count);
        return versionsOf(group);
    }

    static List<ModelPackage> versionsOf(String group) {
        return QuarkusTransaction.requiringNew().call(() ->
                ModelPackage.<ModelPackage>list("groupName = ?1 order by version", group));
    }

    private static List<ConsumerRecord<String, byte[]>> registeredRecords(String group, int expected) {
        return TopicReader.recordsUntil(Topics.MODEL_PACKAGES, r -> group.equals(r.key())
                && "ModelRegistered".equals(EventCodec.shared().decode(r.value()).type().wireName()), expected,
                Duration.ofSeconds(30));
    }
}
