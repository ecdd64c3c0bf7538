package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class ApprovalWorkflowTest {

    private static String approver;
    private static String viewer;

    @Inject
    TuningCompletedConsumer consumer;

    @BeforeEach
    void users() {
        if (approver == null) {
            approver = TestUsers.create("approver");
            viewer = TestUsers.create("viewer");
        }
    }

    @Test
    void everyAllowedTransitionIsStoredAuditedAndPublishedWithItsReason() {
        String group = newGroup("allowed");
        EventEnvelope<TuningCompleted> first = register(group, 1, false);
        register(group, 2, false);

        change(group, 1, "Approved", "beats v0 on rmse").statusCode(200).body("approvalStatus", equalTo("Approved"));
        change(group, 1, "Rejected", "rollback: bad predictions in prod").statusCode(200)
                .body("approvalStatus", equalTo("Rejected"));
        change(group, 1, "Approved", "re-approved after investigation").statusCode(200)
                .body("approvalStatus", equalTo("Approved"));
        change(group, 2, "Rejected", "worse than v1").statusCode(200).body("approvalStatus", equalTo("Rejected"));

        List<Map<String, Object>> audit = as(viewer).get("/groups/" + group + "/versions/1/audit").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(audit).extracting(a -> a.get("fromStatus"), a -> a.get("toStatus"), a -> a.get("changedBy"),
                a -> a.get("reason")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, "PendingManualApproval", "registry",
                        "registered from tuning job hp-" + group + "-1 (run " + first.payload().runId() + ")"),
                org.assertj.core.groups.Tuple.tuple("PendingManualApproval", "Approved", approver, "beats v0 on rmse"),
                org.assertj.core.groups.Tuple.tuple("Approved", "Rejected", approver, "rollback: bad predictions in prod"),
                org.assertj.core.groups.Tuple.tuple("Rejected", "Approved", approver, "re-approved after investigation"));
        assertThat(audit).allSatisfy(a -> assertThat(a.get("changedAt")).isNotNull());

        List<ConsumerRecord<String, byte[]>> decisions = TopicReader.recordsUntil(Topics.MODEL_PACKAGES,
                r -> group.equals(r.key()) && !"ModelRegistered".equals(type(r)), 4, Duration.ofSeconds(30));
        assertThat(decisions).extracting(ApprovalWorkflowTest::type)
                .containsExactly("ModelApproved", "ModelRejected", "ModelApproved", "ModelRejected");
        EventEnvelope<ModelApproved> approved = EventCodec.shared().decode(decisions.get(0).value(), ModelApproved.class);
        assertThat(approved.correlationId()).isEqualTo(first.payload().runId());
        assertThat(approved.payload().by()).isEqualTo(approver);
        assertThat(approved.payload().reason()).isEqualTo("beats v0 on rmse");
        assertThat(approved.payload().previousStatus()).isEqualTo(ApprovalStatus.PendingManualApproval);
        assertThat(approved.payload().artifact()).isEqualTo(first.payload().artifact());
        EventEnvelope<ModelRejected> rollback = EventCodec.shared().decode(decisions.get(1).value(), ModelRejected.class);
        assertThat(rollback.payload().version()).isEqualTo(1);
        assertThat(rollback.payload().previousStatus()).isEqualTo(ApprovalStatus.Approved);
        EventEnvelope<ModelRejected> pendingRejected = EventCodec.shared().decode(decisions.get(3).value(),
                ModelRejected.class);
        assertThat(pendingRejected.payload().version()).isEqualTo(2);
        assertThat(pendingRejected.payload().previousStatus()).isEqualTo(ApprovalStatus.PendingManualApproval);
    }

    @Test
    void twoApproversDecidingAtOnceProduceExactlyOneDecision() throws Exception {
        String group = newGroup("race");
        register(group, 1, false);
        String other = TestUsers.create("approver");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> change(group, 1, "Approved", "approve").extract().statusCode());
            var b = pool.submit(() -> as(other).contentType("application/json")
                    .body(Map.of("approvalStatus", "Approved", "reason", "approve too"))
                    .patch("/groups/" + group + "/versions/1").then().extract().statusCode());
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdown();
        }
        assertThat(auditRows(group)).isEqualTo(2);
        assertThat(outboxRows(group, "ModelApproved")).isEqualTo(1);
    }

    @Test
    void everyForbiddenTransitionIs409AndChangesNothing() {
        String group = newGroup("forbidden");
        register(group, 1, false);
        register(group, 2, false);
        register(group, 3, false);
        change(group, 2, "Approved", "ok").statusCode(200);
        change(group, 3, "Rejected", "no").statusCode(200);

        forbidden(group, 1, "PendingManualApproval", "is PendingManualApproval and cannot change to PendingManualApproval");
        forbidden(group, 2, "Approved", "is Approved and cannot change to Approved");
        forbidden(group, 2, "PendingManualApproval", "is Approved and cannot change to PendingManualApproval");
        forbidden(group, 3, "Rejected", "is Rejected and cannot change to Rejected");
        forbidden(group, 3, "PendingManualApproval", "is Rejected and cannot change to PendingManualApproval");

        assertThat(auditRows(group)).isEqualTo(3 + 2);
        assertThat(outboxRows(group, "ModelApproved") + outboxRows(group, "ModelRejected")).isEqualTo(2);
        as(viewer).get("/groups/" + group + "/versions/1").then().body("approvalStatus", equalTo("PendingManualApproval"));
        as(viewer).get("/groups/" + group + "/versions/2").then().body("approvalStatus", equalTo("Approved"));
        as(viewer).get("/groups/" + group + "/versions/3").then().body("approvalStatus", equalTo("Rejected"));
    }

    @Test
    void testingVersionIsApprovedOnlyWithAnExplicitOverrideWhichIsAudited() {
        String group = newGroup("testing");
        register(group, 1, true);

        change(group, 1, "Approved", "looks fine").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("testing mode"));
        assertThat(outboxRows(group, "ModelApproved")).isZero();

        as(approver).contentType("application/json")
                .body(Map.of("approvalStatus", "Approved", "reason", "load test in sandbox", "overrideTesting", true))
                .put("/groups/" + group + "/versions/1/status").then().statusCode(200)
                .body("approvalStatus", equalTo("Approved")).body("testing", equalTo(true));
        as(viewer).get("/groups/" + group + "/versions/1/audit").then().statusCode(200)
                .body("[1].testingOverride", equalTo(true)).body("[1].changedBy", equalTo(approver))
                .body("[0].testingOverride", equalTo(false));
    }

    @Test
    void viewerCannotDecideAndAnonymousCannotRead() {
        String group = newGroup("roles");
        register(group, 1, false);

        as(viewer).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "me"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(403);
        given().get("/groups/" + group + "/versions").then().statusCode(401);
        given().contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "me"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(401);
        as(viewer).get("/groups/" + group + "/versions").then().statusCode(200);
        as(approver).get("/groups/" + group + "/versions").then().statusCode(200); // approvers may read
        assertThat(auditRows(group)).isEqualTo(1);
    }

    @Test
    void badRequestsAreProblemDetails() {
        String group = newGroup("problems");
        register(group, 1, false);

        as(viewer).get("/groups/no-such-group/versions").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no model package group"));
        as(viewer).get("/groups/" + group + "/versions/7").then().statusCode(404)
                .body("detail", containsString("has no version 7"));
        as(viewer).get("/groups/Not_A_Group/versions/1").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("is invalid"));
        as(viewer).get("/groups/" + group + "/versions?status=Maybe").then().statusCode(400)
                .body("detail", containsString("is not one of"));
        as(viewer).get("/groups/" + group + "/versions?size=0").then().statusCode(400);
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", " "))
                .patch("/groups/" + group + "/versions/1").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("reason"));
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Shipped", "reason", "x"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(400);
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "x"))
                .patch("/groups/" + group + "/versions/9").then().statusCode(404);
        assertThat(auditRows(group)).isEqualTo(1);
    }

    @Test
    void versionsAreListedNewestFirstFilteredByStatusAndPaginated() {
        String group = newGroup("listing");
        for (int i = 1; i <= 5; i++) {
            register(group, i, false);
        }
        change(group, 2, "Approved", "ok").statusCode(200);
        change(group, 4, "Approved", "ok").statusCode(200);

        as(viewer).get("/groups/" + group + "/versions?size=2").then().statusCode(200)
                .body("items.version", equalTo(List.of(5, 4))).body("totalItems", equalTo(5))
                .body("totalPages", equalTo(3));
        as(viewer).get("/groups/" + group + "/versions?size=2&page=2").then().statusCode(200)
                .body("items.version", equalTo(List.of(1)));
        as(viewer).get("/groups/" + group + "/versions?status=Approved").then().statusCode(200)
                .body("items.version", equalTo(List.of(4, 2))).body("totalItems", equalTo(2));
        as(viewer).get("/groups/" + group + "/versions?status=PendingManualApproval&size=1&page=1").then()
                .statusCode(200).body("items.version", equalTo(List.of(3))).body("totalItems", equalTo(3));

        List<Map<String, Object>> groups = as(viewer).get("/groups").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.name == '" + group + "' }");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.get("latestVersion")).isEqualTo(5);
            assertThat(g.get("latestApprovedVersion")).isEqualTo(4);
            assertThat(g.get("pendingVersions")).isEqualTo(3);
        });
    }

    @Test
    void describeShowsEvaluationHyperparametersAndArtifact() {
        String group = newGroup("describe");
        EventEnvelope<TuningCompleted> event = register(group, 1, false);

        as(viewer).get("/groups/" + group + "/versions/1").then().statusCode(200)
                .body("modelGroup", equalTo(group)).body("version", equalTo(1))
                .body("approvalStatus", equalTo("PendingManualApproval"))
                .body("runId", equalTo(event.payload().runId()))
                .body("tuningJobName", equalTo("hp-" + group + "-1"))
                .body("objectiveMetric", equalTo("validation:rmse"))
                .body("testMetrics.rmse", equalTo(11.0f))
                .body("hyperparameters.max_depth", equalTo(6))
                .body("artifact.sha256", equalTo(event.payload().artifact().sha256()))
                .body("artifact.key", equalTo(event.payload().artifact().key()))
                .body("liveIn", equalTo(List.of()));
    }

    private EventEnvelope<TuningCompleted> register(String group, int n, boolean testing) {
        EventEnvelope<TuningCompleted> event = completed(group, "hp-" + group + "-" + n, 10.0 + n, testing);
        consumer.on(bytes(event));
        return event;
    }

    private ValidatableResponse change(String group, int version, String status, String reason) {
        return as(approver).contentType("application/json")
                .body(Map.of("approvalStatus", status, "reason", reason))
                .patch("/groups/" + group + "/versions/" + version).then();
    }

    private void forbidden(String group, int version, String status, String message) {
        change(group, version, status, "try").statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("detail", containsString(message));
    }

    static long auditRows(String group) {
        return count("select count(*) from approval_audit where group_name = :group", group);
    }

    static long outboxRows(String group, String type) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) dev.treeline.registry.model.ModelPackage
                .getEntityManager().createNativeQuery(
                        "select count(*) from outbox_event where message_key = :group and event_type = :type")
                .setParameter("group", group).setParameter("type", type).getSingleResult()).longValue());
    }

    private static long count(String sql, String group) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) dev.treeline.registry.model.ModelPackage
                .getEntityManager().createNativeQuery(sql).setParameter("group", group).getSingleResult()).longValue());
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        return EventCodec.shared().decode(record.value()).type().wireName();
    }
}
