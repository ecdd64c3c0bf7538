package dev.treeline.dataprep.kickoff;

import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.EventCodec;
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

/** The %test spec scheduled-demo fires every 2 seconds: its RetrainRequested goes out and starts a run. */
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
