package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.events.DeploymentAction;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class DeploymentStatusTest {

    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

    @Inject
    TuningCompletedConsumer consumer;

    @Test
    void registryShowsWhereEachVersionIsLiveNowAndSinceWhenFromDeployerEvents() {
        String group = newGroup("deployed");
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        consumer.on(bytes(completed(group, "hp-" + group + "-2", 9.0, false)));
        String viewer = TestUsers.create("viewer");
        String sha1 = TuningResults.sha256Of("hp-" + group + "-1");
        String sha2 = TuningResults.sha256Of("hp-" + group + "-2");

        EventEnvelope<ModelDeployed> redelivered = envelope(deployed("sandbox", group, 1, sha1, at(1),
                DeploymentAction.PROMOTED, null));
        send(redelivered);
        send(redelivered);
        send(envelope(deployed("qa", group, 1, sha1, at(2), DeploymentAction.PROMOTED, null)));
        send(envelope(deployed("sandbox", group, 2, sha2, at(3), DeploymentAction.PROMOTED, null)));
        send(envelope(new DeploymentFailed("prod", "treeline-prod", group, 1, sha1, at(4), "artifact hash mismatch")));
        send(envelope(deployed("sandbox", group, 2, sha2, at(5), DeploymentAction.MANUAL, "operator reload")));
        // Late and older than what sandbox already reported: recorded, but it must not move sandbox back.
        send(envelope(deployed("sandbox", group, 1, sha1, at(0), DeploymentAction.PROMOTED, "late")));
        awaitHistory(viewer, group, 6);

        JsonPath v1 = as(viewer).get("/groups/" + group + "/versions/1").then().statusCode(200).extract().jsonPath();
        assertThat(v1.getList("liveIn.account")).containsExactly("qa");
        assertThat(v1.getString("liveIn[0].since")).isEqualTo(at(2).toString());
        JsonPath v2 = as(viewer).get("/groups/" + group + "/versions/2").then().statusCode(200).extract().jsonPath();
        assertThat(v2.getList("liveIn.account")).containsExactly("sandbox");
        assertThat(v2.getString("liveIn[0].since")).isEqualTo(at(3).toString()); // the reload kept "since"
        assertThat(v2.getString("liveIn[0].action")).isEqualTo("MANUAL");

        JsonPath deployments = as(viewer).get("/groups/" + group + "/deployments").then().statusCode(200)
                .extract().jsonPath();
        assertThat(deployments.getList("live.account")).containsExactly("qa", "sandbox");
        assertThat(deployments.<Integer>getList("live.version")).containsExactly(1, 2);
        assertThat(deployments.getList("history.type")).containsExactly("ModelDeployed", "DeploymentFailed",
                "ModelDeployed", "ModelDeployed", "ModelDeployed", "ModelDeployed");
        assertThat(deployments.getString("history[1].reason")).isEqualTo("artifact hash mismatch");

        send(envelope(new ModelUndeployed("qa", "treeline-qa", group, 1, at(6), "version 1 rejected, nothing to roll back to")));
        awaitHistory(viewer, group, 7);
        as(viewer).get("/groups/" + group + "/versions/1").then().statusCode(200).body("liveIn", equalTo(List.of()));
        as(viewer).get("/groups/" + group + "/deployments").then().body("live.account", equalTo(List.of("sandbox")));
    }

    @Test
    void malformedDeploymentEventIsDeadLetteredWithItsReason() {
        String group = newGroup("bad-deploy");
        String json = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"ModelDeployed\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-11-24T12:00:00Z\",\"correlationId\":\"run\",\"subject\":\"" + group + "\","
                + "\"payload\":{\"account\":\"qa\",\"endpoint\":\"treeline-qa\",\"modelGroup\":\"" + group + "\","
                + "\"version\":1,\"artifactSha256\":\"not-a-digest\",\"at\":\"2026-11-24T12:00:00Z\","
                + "\"action\":\"PROMOTED\"}}";

        TestKafka.send(Topics.DEPLOYMENTS, group, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var dead = dev.treeline.support.testing.TopicReader.recordsUntil(Topics.deadLetter(Topics.DEPLOYMENTS),
                r -> group.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("invalid ModelDeployed event")
                .contains("payload.artifactSha256");
    }

    private static ModelDeployed deployed(String account, String group, int version, String sha, Instant at,
                                          DeploymentAction action, String reason) {
        return new ModelDeployed(account, "treeline-" + account, group, version, sha, at, action, reason);
    }

    private static Instant at(int minutes) {
        return T.plusSeconds(60L * minutes);
    }

    private static <P extends EventPayload> EventEnvelope<P> envelope(P payload) {
        return EventEnvelope.of(UUID.randomUUID().toString(), payload);
    }

    private static void send(EventEnvelope<?> event) {
        TestKafka.send(Topics.DEPLOYMENTS, event.subject(), bytes(event));
    }

    private static void awaitHistory(String viewer, String group, int events) {
        await().atMost(Duration.ofSeconds(30)).until(() -> as(viewer).get("/groups/" + group + "/deployments")
                .then().extract().jsonPath().getList("history").size() >= events);
    }
}
