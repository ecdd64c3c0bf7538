package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The test profile gates "gated-rmse" (rmse, 5%) and "gated-auc" (auc, 2%); other groups have no gate. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class GatePolicyTest {

    @Inject
    TuningCompletedConsumer consumer;

    @Test
    void candidateMuchWorseThanTheApprovedVersionIsRejectedWithTheComparisonAsReason() {
        String group = "gated-rmse";
        String approver = TestUsers.create("approver");
        register(group, 1, Map.of("rmse", 10.0));
        // Nothing approved yet: the gate has nothing to compare with.
        register(group, 2, Map.of("rmse", 50.0));
        as(approver).get("/groups/" + group + "/versions/2").then().body("approvalStatus", equalTo("PendingManualApproval"));
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "baseline"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(200);

        register(group, 3, Map.of("rmse", 10.4)); // 4% worse: within the 5% allowed
        register(group, 4, Map.of("rmse", 12.0)); // 20% worse

        as(approver).get("/groups/" + group + "/versions/3").then().body("approvalStatus", equalTo("PendingManualApproval"));
        as(approver).get("/groups/" + group + "/versions/4").then().body("approvalStatus", equalTo("Rejected"));
        JsonPath audit = as(approver).get("/groups/" + group + "/versions/4/audit").then().statusCode(200).extract()
                .jsonPath();
        assertThat(audit.getList("toStatus")).containsExactly("PendingManualApproval", "Rejected");
        assertThat(audit.getString("[1].changedBy")).isEqualTo("registry-gate");
        assertThat(audit.getString("[1].reason")).isEqualTo(
                "gate: test rmse 12.0 is 20.00% worse than approved version 1's 10.0 (lower is better; at most 5.00% allowed)");
        assertThat(ApprovalWorkflowTest.outboxRows(group, "ModelRejected")).isEqualTo(1);
        assertThat(ApprovalWorkflowTest.outboxRows(group, "ModelRegistered")).isEqualTo(4);
    }

    @Test
    void higherIsBetterMetricsAreComparedTheOtherWayRound() {
        String group = "gated-auc";
        String approver = TestUsers.create("approver");
        register(group, 1, Map.of("auc", 0.90));
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "baseline"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(200);

        register(group, 2, Map.of("auc", 0.95));
        register(group, 3, Map.of("auc", 0.85));

        as(approver).get("/groups/" + group + "/versions/2").then().body("approvalStatus", equalTo("PendingManualApproval"));
        as(approver).get("/groups/" + group + "/versions/3").then().body("approvalStatus", equalTo("Rejected"));
    }

    @Test
    void groupsWithoutAGateLeaveEveryCandidateToAPerson() {
        String group = TuningResults.newGroup("ungated");
        String approver = TestUsers.create("approver");
        register(group, 1, Map.of("rmse", 1.0));
        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "baseline"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(200);

        register(group, 2, Map.of("rmse", 100.0));

        as(approver).get("/groups/" + group + "/versions/2").then().body("approvalStatus", equalTo("PendingManualApproval"));
    }

    private void register(String group, int n, Map<String, Double> metrics) {
        consumer.on(bytes(completed(group, "hp-" + group + "-" + n, List.of(), 1.0, metrics, false)));
    }
}
