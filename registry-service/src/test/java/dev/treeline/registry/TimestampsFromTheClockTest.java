package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Registration, approval, audit and user times are the injected clock's, not the wall clock's. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class TimestampsFromTheClockTest {

    private static final Instant REGISTERED = Instant.parse("2031-03-04T05:06:07.123456Z");

    @Inject
    TuningCompletedConsumer consumer;
    @Inject
    SettableClock clock;

    @AfterEach
    void wallClockAgain() {
        clock.followWallClock();
    }

    @Test
    void registrationApprovalAndAuditAreStampedWithTheClocksTime() {
        String group = newGroup("clock");
        String approver = TestUsers.create("approver");
        clock.set(REGISTERED);
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        clock.advance(Duration.ofHours(3));
        Instant approved = REGISTERED.plus(Duration.ofHours(3));

        as(approver).contentType("application/json").body(Map.of("approvalStatus", "Approved", "reason", "ok"))
                .patch("/groups/" + group + "/versions/1").then().statusCode(200)
                .body("registeredAt", equalTo(REGISTERED.toString()))
                // approvals are kept to the millisecond
                .body("statusChangedAt", equalTo("2031-03-04T08:06:07.123Z"));
        List<String> auditTimes = as(approver).get("/groups/" + group + "/versions/1/audit").then().statusCode(200)
                .extract().jsonPath().getList("changedAt");
        assertThat(auditTimes).containsExactly(REGISTERED.toString(), "2031-03-04T08:06:07.123Z");
        as(approver).get("/groups").then().statusCode(200)
                .body("find { it.name == '" + group + "' }.createdAt", equalTo(REGISTERED.toString()));

        String created = TestUsers.create("viewer");
        TestUsers.asAdmin().get("/users").then().statusCode(200)
                .body("find { it.username == '" + created + "' }.createdAt", equalTo(approved.toString()));
    }
}
