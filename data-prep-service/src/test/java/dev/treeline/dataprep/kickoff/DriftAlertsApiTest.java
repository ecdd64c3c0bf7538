package dev.treeline.dataprep.kickoff;

import static dev.treeline.support.testing.ServiceApi.asOperator;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.treeline.support.testing.ServiceApi;
import dev.treeline.dataprep.EventsClient;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventEnvelope;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** {@code POST /drift-alerts}: a DriftDetected over HTTP, decided as the Kafka consumer decides, on the real servers. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DriftAlertsApiTest extends KickoffTest {

    private static Map<String, Object> alert(double value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "drift-http");
        body.put("metric", "psi");
        body.put("value", value);
        body.put("threshold", 0.25);
        body.put("feature", "size_m2");
        body.put("source", "monitor-http");
        return body;
    }

    private static Response post(Map<String, Object> body) {
        return ServiceApi.as("ops-alice", Roles.OPERATOR).contentType(ContentType.JSON).body(body).when()
                .post("/drift-alerts");
    }

    private static List<Map<String, Object>> decisionsWithEventId(UUID eventId) {
        List<Map<String, Object>> all = asViewer().when().get("/drift-decisions?model=drift-http&limit=500").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(d -> eventId.toString().equals(d.get("eventId"))).toList();
    }

    @Test
    void alertsAreDecidedByTheDriftPolicyRecordedAndStartARunRequestedByTheCaller() {
        // past the cooldown of any run an earlier test left, then time held still
        clock.advance(Duration.ofHours(2));
        clock.hold();

        JsonPath low = post(alert(0.1)).then().statusCode(202).body("decision", equalTo("IGNORED"))
                .body("why", equalTo("psi 0.1 is below the spec's threshold 0.3")).body("runId", nullValue())
                .extract().jsonPath();
        assertThat(decisionsWithEventId(UUID.fromString(low.getString("eventId")))).hasSize(1);

        Response high = post(alert(0.5));
        high.then().statusCode(202).body("decision", equalTo("STARTED")).body("model", equalTo("drift-http"))
                .body("source", equalTo("monitor-http")).body("specThreshold", equalTo(0.3f));
        String runId = high.path("runId");
        assertThat(high.header("Location")).endsWith("/runs/" + runId);
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getString("reason")).isEqualTo("DRIFT");
        assertThat(run.getString("requestedBy")).isEqualTo("ops-alice");
        assertThat(run.getString("triggerEventId")).isEqualTo(high.path("eventId"));
        assertThat(run.getDouble("drift.value")).isEqualTo(0.5);

        post(alert(0.9)).then().statusCode(202).body("decision", equalTo("IGNORED"))
                .body("why", startsWith("within the cooldown of PT1H: the last run " + runId));
    }

    @Test
    void anAlertWithAClientEventIdIsDecidedOnceAndARepeatAnswersTheSameDecision() {
        UUID eventId = UUID.randomUUID();
        Map<String, Object> body = alert(0.05);
        body.put("eventId", eventId.toString());

        String decisionId = post(body).then().statusCode(202).body("eventId", equalTo(eventId.toString()))
                .extract().path("id");
        post(body).then().statusCode(200).body("id", equalTo(decisionId)).body("decision", equalTo("IGNORED"));

        // the same id arriving over Kafka is a redelivery too
        EventEnvelope<DriftDetected> fresh = EventEnvelope.of(UUID.randomUUID().toString(),
                new DriftDetected("drift-http", "psi", 0.05, 0.25, "size_m2", "monitor-kafka"));
        EventsClient.send(new EventEnvelope<>(eventId, fresh.type(), fresh.schemaVersion(), fresh.occurredAt(),
                fresh.correlationId(), fresh.subject(), fresh.payload()));
        EventEnvelope<DriftDetected> marker = EventEnvelope.of(UUID.randomUUID().toString(),
                new DriftDetected("drift-http", "psi", 0.06, null, null, "monitor-kafka"));
        EventsClient.send(marker);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> decisionsWithEventId(marker.eventId()).size() == 1);
        assertThat(decisionsWithEventId(eventId)).hasSize(1);
    }

    @Test
    void anInvalidAlertIs400WithEveryViolationAndDecidesNothing() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "Not A Model");
        body.put("metric", " ");
        Response bad = post(body);
        bad.then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("model", "metric", "value", "source"));
        asOperator().contentType(ContentType.JSON).body("{\"model\": ").when().post("/drift-alerts").then()
                .statusCode(400);
    }

    @Test
    void onlyOperatorsMayPostAlerts() {
        given().contentType(ContentType.JSON).body(alert(0.9)).when().post("/drift-alerts").then().statusCode(401);
        asViewer().contentType(ContentType.JSON).body(alert(0.9)).when().post("/drift-alerts").then()
                .statusCode(403);
    }
}
