package dev.treeline.dataprep.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.RetrainReason;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Runs a crashed process left active are never stuck: restarted if they had not begun, failed otherwise. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class RunRecoveryTest {

    @Inject
    EntityManager em;
    @Inject
    RunRecovery recovery;
    @Inject
    Clock clock;
    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    private UUID leftBehind(String model, RunStatus status) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            RetrainRun run = new RetrainRun();
            run.id = id;
            run.model = model;
            run.reason = RetrainReason.SCHEDULE;
            run.testing = true;
            run.requestedBy = "scheduler";
            run.status = status;
            run.requestedAt = clock.instant().minusSeconds(600);
            run.updatedAt = run.requestedAt;
            run.extractingAt = status == RunStatus.EXTRACTING ? run.requestedAt : null;
            em.persist(run);
        });
        return id;
    }

    @Test
    void runsLeftActiveByACrashAreRestartedOrFailedAtStartUp() throws Exception {
        WarehouseFixture.houseSales(warehouse);
        UUID extracting = leftBehind("house-prices-all", RunStatus.EXTRACTING);
        UUID requested = leftBehind("house-prices", RunStatus.REQUESTED);

        assertThat(recovery.recover()).isEqualTo(2);

        JsonPath failed = RunsClient.awaitFinished(extracting.toString());
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("failureKind")).isEqualTo("INTERRUPTED");
        assertThat(failed.getString("failureReason")).contains("stopped while this run was extracting");
        assertThat(Published.only(Topics.RUN_FAILURES, extracting.toString(), RunFailed.class).payload().stage())
                .isEqualTo("data-prep");

        JsonPath restarted = RunsClient.awaitFinished(requested.toString());
        assertThat(restarted.getString("status")).isEqualTo("READY");
        assertThat(restarted.getString("reason")).isEqualTo("SCHEDULE");
        // the model whose run was failed can run again
        assertThat(RunsClient.awaitFinished(RunsClient.start("house-prices-all")).getString("status"))
                .isEqualTo("READY");
    }
}
