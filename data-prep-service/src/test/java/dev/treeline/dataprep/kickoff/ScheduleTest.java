package dev.treeline.dataprep.kickoff;

import static dev.treeline.support.testing.ServiceApi.asOperator;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.dataprep.definition.DefinitionsClient;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainReason;
import dev.treeline.events.RetrainRequested;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The test definition scheduled-demo fires every 2 seconds: its RetrainRequested goes out and starts a run. A
 * definition changed over the API is followed at once (no restart), and replicas firing the same schedule at the same
 * time publish one event id.
 */
@QuarkusTest
@TestProfile(ScheduleTest.SchedulerOn.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class ScheduleTest {

    public static class SchedulerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.data-prep.scheduler-enabled", "true");
        }
    }

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @Inject
    ScheduledRetrainPublisher publisher;
    @Inject
    AgroalDataSource own;

    @Test
    void aChangedScheduleFiresAtItsNewTimeWithoutARestartAndARetiredModelHasNone() throws Exception {
        WarehouseFixture.houseSales(warehouse);
        String far = "0 0 3 1 1 ?"; // once a year
        DefinitionsClient.put("schedule-change", DefinitionsClient.yaml("schedule-change", "x", "schedule: \""
                + far + "\"\n")).statusCode(201);
        java.time.ZonedDateTime next = Instant.parse(DefinitionsClient.model("schedule-change").getString("nextRunAt"))
                .atZone(java.time.ZoneId.systemDefault()); // the scheduler's zone
        assertThat(List.of(next.getMonthValue(), next.getDayOfMonth(), next.getHour())).containsExactly(1, 1, 3);

        Instant changed = Instant.now();
        DefinitionsClient.put("schedule-change", DefinitionsClient.yaml("schedule-change", "x",
                "schedule: \"0/1 * * * * ?\"\n")).statusCode(200);
        List<byte[]> fired = TopicReader.valuesUntil(Topics.RETRAIN_REQUESTS, v -> Published.decodable(v)
                && EventCodec.shared().decode(v).payload() instanceof RetrainRequested r
                && r.model().equals("schedule-change"), 1, Duration.ofSeconds(30));
        EventEnvelope<?> first = EventCodec.shared().decode(fired.get(0));
        assertThat(first.occurredAt()).isAfter(changed);
        assertThat(((RetrainRequested) first.payload()).reason()).isEqualTo(RetrainReason.SCHEDULE);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> !asViewer()
                .when().get("/runs?model=schedule-change").then().extract().jsonPath().getList("runId").isEmpty());

        asOperator().when().delete("/models/schedule-change").then().statusCode(200);
        Instant retired = Instant.now();
        assertThat(DefinitionsClient.model("schedule-change").getString("nextRunAt")).isNull();
        // scheduled-demo fires every 2 s: once it fired twice after the retirement, schedule-change had time to fire
        List<EventEnvelope<?>> after = new java.util.ArrayList<>();
        TopicReader.valuesUntil(Topics.RETRAIN_REQUESTS, v -> {
            if (Published.decodable(v) && EventCodec.shared().decode(v).payload() instanceof RetrainRequested r
                    && EventCodec.shared().decode(v).occurredAt().isAfter(retired.plusSeconds(2))) {
                after.add(EventCodec.shared().decode(v));
                return r.model().equals("scheduled-demo");
            }
            return false;
        }, 2, Duration.ofSeconds(30));
        assertThat(after).extracting(e -> ((RetrainRequested) e.payload()).model()).contains("scheduled-demo")
                .doesNotContain("schedule-change");
    }

    @Test
    void replicasFiringTheSameScheduleAtTheSameTimePublishOneEventId() throws Exception {
        Instant fireTime = Instant.parse("2026-01-01T03:00:00Z");
        UUID id = ScheduledRetrainPublisher.eventId("house-prices", fireTime);
        assertThat(ScheduledRetrainPublisher.eventId("house-prices", fireTime.plusMillis(3))).isEqualTo(id);
        assertThat(ScheduledRetrainPublisher.eventId("house-prices", fireTime.plusSeconds(1))).isNotEqualTo(id);
        // two replicas' jobs for the same fire time, one after the other and at once
        publisher.publish("house-prices", fireTime);
        List.of(1, 2).parallelStream().forEach(i -> publisher.publish("house-prices", fireTime));
        try (Connection c = own.getConnection(); PreparedStatement count = c.prepareStatement(
                "select count(*) from outbox_event where event_id = ?")) {
            count.setObject(1, id);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aModelsCronPublishesRetrainRequestedWhichStartsAScheduledRun() throws Exception {
        WarehouseFixture.houseSales(warehouse);

        List<byte[]> requests = TopicReader.valuesUntil(Topics.RETRAIN_REQUESTS, v -> Published.decodable(v)
                && EventCodec.shared().decode(v).payload() instanceof RetrainRequested r
                && r.model().equals("scheduled-demo"), 1, Duration.ofSeconds(30));
        assertThat(requests).isNotEmpty();
        RetrainRequested request = (RetrainRequested) EventCodec.shared().decode(requests.get(0)).payload();
        assertThat(request.reason()).isEqualTo(RetrainReason.SCHEDULE);
        assertThat(request.requestedBy()).isEqualTo("scheduler");
        assertThat(request.testing()).isFalse();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> !asViewer()
                .when().get("/runs?model=scheduled-demo&status=READY").then().extract().jsonPath().getList("runId")
                .isEmpty());
        String runId = asViewer().when().get("/runs?model=scheduled-demo&status=READY").then().extract().jsonPath()
                .getString("[0].runId");
        assertThat(RunsClient.run(runId).getString("reason")).isEqualTo("SCHEDULE");
        assertThat(RunsClient.run(runId).getString("requestedBy")).isEqualTo("scheduler");
    }
}
