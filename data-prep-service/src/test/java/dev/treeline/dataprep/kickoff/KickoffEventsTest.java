package dev.treeline.dataprep.kickoff;

import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.EventsClient;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainReason;
import dev.treeline.events.RetrainRequested;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Kickoffs from events on the real broker: RetrainRequested and DriftDetected, DLQ, redelivery. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class KickoffEventsTest extends KickoffTest {

    private static EventEnvelope<RetrainRequested> retrain(String model, String by) {
        return EventEnvelope.of(java.util.UUID.randomUUID().toString(),
                new RetrainRequested(model, RetrainReason.MANUAL, true, by, null));
    }

    private static EventEnvelope<DriftDetected> drift(double value) {
        return EventEnvelope.of(java.util.UUID.randomUUID().toString(),
                new DriftDetected("drift-demo", "psi", value, 0.25, "size_m2", "monitor-7"));
    }

    /** The runs the event started (by trigger event id), once at least {@code expected} exist. */
    private static List<Map<String, Object>> runsTriggeredBy(EventEnvelope<?> event, String model, int expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> triggered(event, model).size() >= expected);
        return triggered(event, model);
    }

    private static List<Map<String, Object>> triggered(EventEnvelope<?> event, String model) {
        List<Map<String, Object>> runs = asViewer().when().get("/runs?limit=500&model=" + model).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return runs.stream().filter(r -> event.eventId().toString().equals(r.get("triggerEventId"))).toList();
    }

    private static JsonPath decisionFor(EventEnvelope<DriftDetected> event) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !decisions(event)
                .isEmpty());
        List<Map<String, Object>> found = decisions(event);
        assertThat(found).hasSize(1);
        return new JsonPath(asViewer().when().get("/drift-decisions?model=drift-demo&limit=500").then().extract()
                .asString()).setRootPath("find { it.eventId == '" + event.eventId() + "' }");
    }

    private static List<Map<String, Object>> decisions(EventEnvelope<DriftDetected> event) {
        List<Map<String, Object>> all = asViewer().when().get("/drift-decisions?model=drift-demo&limit=500").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(d -> event.eventId().toString().equals(d.get("eventId"))).toList();
    }

    @Test
    void retrainRequestedFromAnyProducerStartsARun() {
        EventEnvelope<RetrainRequested> event = retrain("house-prices-all", "cli:bob");
        EventsClient.send(event);

        Map<String, Object> run = runsTriggeredBy(event, "house-prices-all", 1).get(0);
        assertThat(run.get("requestedBy")).isEqualTo("cli:bob");
        assertThat(run.get("testing")).isEqualTo(true);
        assertThat(RunsClient.awaitFinished((String) run.get("runId")).getString("status")).isEqualTo("READY");
    }

    @Test
    void retrainRequestedWhileARunIsActiveIsSkippedAndRecordedWithTheActiveRun() {
        String active = RunsClient.start("slow-prices");
        EventEnvelope<RetrainRequested> event = retrain("slow-prices", "cli:carol");
        EventsClient.send(event);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> asViewer()
                .when().get("/skipped-requests?model=slow-prices").then().extract().jsonPath()
                .getList("eventId").contains(event.eventId().toString()));
        JsonPath skipped = asViewer().when().get("/skipped-requests?model=slow-prices").then().extract().jsonPath()
                .setRootPath("find { it.eventId == '" + event.eventId() + "' }");
        assertThat(skipped.getString("activeRunId")).isEqualTo(active);
        assertThat(skipped.getString("why")).contains(active);
        assertThat(triggered(event, "slow-prices")).isEmpty();
        RunsClient.awaitFinished(active);
    }

    @Test
    void redeliveredRetrainRequestedStartsOnlyOneRun() {
        EventEnvelope<RetrainRequested> event = retrain("house-prices-all", "cli:dave");
        EventsClient.send(event);
        String runId = (String) runsTriggeredBy(event, "house-prices-all", 1).get(0).get("runId");
        RunsClient.awaitFinished(runId); // the model is free again: only idempotency can stop a second run

        EventsClient.send(event);
        EventEnvelope<RetrainRequested> marker = retrain("house-prices-all", "cli:marker");
        EventsClient.send(marker); // same key, same partition: processed after the redelivery
        RunsClient.awaitFinished((String) runsTriggeredBy(marker, "house-prices-all", 1).get(0).get("runId"));

        assertThat(triggered(event, "house-prices-all")).hasSize(1);
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerCarriesOn() {
        String garbage = "{\"eventId\": \"not-a-uuid\", \"marker\": \"" + java.util.UUID.randomUUID() + "\"}";
        EventsClient.sendRaw(Topics.RETRAIN_REQUESTS, "house-prices-all", garbage.getBytes(StandardCharsets.UTF_8));
        EventEnvelope<RetrainRequested> next = retrain("house-prices-all", "cli:erin");
        EventsClient.send(next);

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsUntil(Topics.deadLetter(Topics.RETRAIN_REQUESTS),
                r -> new String(r.value(), StandardCharsets.UTF_8).equals(garbage), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8);
        assertThat(reason).contains("event not-a-uuid has no type");
        assertThat(runsTriggeredBy(next, "house-prices-all", 1)).hasSize(1);
    }

    @Test
    void driftBelowThresholdIsIgnoredAboveStartsARunAndWithinTheCooldownIsIgnored() {
        EventEnvelope<DriftDetected> low = drift(0.1);
        EventsClient.send(low);
        JsonPath ignored = decisionFor(low);
        assertThat(ignored.getString("decision")).isEqualTo("IGNORED");
        assertThat(ignored.getString("why")).isEqualTo("psi 0.1 is below the spec's threshold 0.3");

        // drift-demo's cooldown is 4 s: move past it (a run an earlier test left must not count), then hold time
        // still, so "within the cooldown" does not depend on how fast this machine runs the run
        clock.advance(Duration.ofSeconds(5));
        clock.hold();
        EventEnvelope<DriftDetected> high = drift(0.5);
        EventsClient.send(high);
        JsonPath started = decisionFor(high);
        assertThat(started.getString("decision")).isEqualTo("STARTED");
        String runId = started.getString("runId");
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getString("reason")).isEqualTo("DRIFT");
        assertThat(run.getString("requestedBy")).isEqualTo("monitor-7");
        assertThat(run.getDouble("drift.value")).isEqualTo(0.5);

        EventEnvelope<DriftDetected> again = drift(0.9);
        EventsClient.send(again);
        JsonPath cooling = decisionFor(again);
        assertThat(cooling.getString("decision")).isEqualTo("IGNORED");
        assertThat(cooling.getString("why")).startsWith("within the cooldown of PT4S: the last run " + runId);

        clock.advance(Duration.ofSeconds(5));
        EventEnvelope<DriftDetected> later = drift(0.9);
        EventsClient.send(later);
        assertThat(decisionFor(later).getString("decision")).isEqualTo("STARTED");
        RunsClient.awaitFinished(decisionFor(later).getString("runId"));
    }

    @Test
    void redeliveredDriftAlertIsDecidedOnce() {
        EventEnvelope<DriftDetected> low = drift(0.05);
        EventsClient.send(low);
        EventsClient.send(low);
        EventEnvelope<DriftDetected> marker = drift(0.06);
        EventsClient.send(marker);
        decisionFor(marker);
        assertThat(decisions(low)).hasSize(1);
    }
}
