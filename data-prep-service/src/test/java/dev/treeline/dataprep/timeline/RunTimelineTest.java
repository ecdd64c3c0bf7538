package dev.treeline.dataprep.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.EventsClient;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.dataprep.Published;
import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Later stages' events on the real broker, keyed by run id, show up in GET /runs/{id} as the timeline. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class RunTimelineTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @Test
    void tuningRegistryApprovalDeploymentAndLaterFailuresAppearOnTheRunsTimeline() throws Exception {
        WarehouseFixture.houseSales(warehouse);
        String runId = RunsClient.start("house-prices");
        assertThat(RunsClient.awaitFinished(runId).getString("status")).isEqualTo("READY");
        DatasetReady dataset = Published.only(Topics.DATASETS, runId, DatasetReady.class).payload();

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ArtifactRef artifact = new ArtifactRef("treeline-training", "models/house-prices/job-2/model.ubj",
                "a".repeat(64), 1234, ArtifactFormat.UBJSON, null);
        EventsClient.send(EventEnvelope.of(runId, new TuningCompleted(runId, "house-prices",
                "reg:squarederror", dataset.lineage(),
                "job-2", List.of("job-1"), WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, TuningStrategy.BAYESIAN, 20,
                Map.of("eta", 0.1), "validation:rmse", 12.5, Map.of("rmse", 13.0), artifact, "3.4.0",
                true)));
        EventsClient.send(EventEnvelope.of(runId, new ModelRegistered("house-prices", 3,
                ApprovalStatus.PendingManualApproval, artifact, Map.of("rmse", 13.0), runId, "job-2", true)));
        EventsClient.send(EventEnvelope.of(runId, new ModelApproved("house-prices", 3, artifact, "alice",
                "better than v2", t0, ApprovalStatus.PendingManualApproval)));
        EventsClient.send(EventEnvelope.of(runId, new ModelDeployed("sandbox", "treeline", "house-prices", 3,
                "a".repeat(64), t0, DeploymentAction.PROMOTED, null)));
        EventsClient.send(EventEnvelope.of(runId, new RunFailed(runId, "house-prices", "deployer-qa",
                "artifact checksum mismatch")));
        // an event of a run this service does not know is not recorded anywhere
        EventsClient.send(EventEnvelope.of("not-a-run", new RunFailed("not-a-run", "house-prices", "tuning", "x")));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> RunsClient.run(runId).getList("timeline").size() >= 5);
        JsonPath run = RunsClient.run(runId);
        assertThat(run.getList("timeline.stage")).containsExactlyInAnyOrder("tuning", "registry", "registry",
                "deployment", "deployer-qa");
        assertThat(run.getList("timeline.summary", String.class)).anyMatch(s -> s.startsWith(
                "tuning job job-2 completed: 20 trials, validation:rmse = 12.5, warm start"))
                .contains("registered as house-prices version 3 (" + ApprovalStatus.PendingManualApproval + ")")
                .contains("version 3 approved by alice: better than v2")
                .anyMatch(s -> s.startsWith("version 3 deployed to sandbox (endpoint treeline, "))
                .contains("failed at deployer-qa: artifact checksum mismatch");
        assertThat(run.getList("timeline.find { it.event == 'TuningCompleted' }.details.parentTuningJobs"))
                .containsExactly("job-1");
        assertThat(run.getString("timeline.find { it.event == 'TuningCompleted' }.details.trialCount"))
                .isEqualTo("20");
    }
}
