package dev.treeline.dataprep.run;

import static dev.treeline.support.testing.ServiceApi.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The real warehouse server refuses connections (its database is closed to new connections and the pooled
 * ones are killed): the run retries with backoff, then fails saying so; when the warehouse comes back within
 * the retries the run succeeds.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class WarehouseOutageTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;
    @Inject
    AgroalDataSource own; // same server, another database: from here we can close the warehouse

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    @AfterEach
    void reopen() throws Exception {
        warehouseAcceptsConnections(true);
    }

    private void warehouseAcceptsConnections(boolean allowed) throws Exception {
        try (Connection c = own.getConnection(); Statement st = c.createStatement()) {
            st.execute("alter database warehouse allow_connections " + allowed);
            if (!allowed) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'warehouse'");
            }
        }
    }

    @Test
    void unreachableWarehouseIsRetriedWithBackoffThenTheRunFailsSayingSo() throws Exception {
        warehouseAcceptsConnections(false);
        double unreachableBefore = unreachableAttempts();

        String runId = RunsClient.start("house-prices");
        JsonPath run = RunsClient.awaitFinished(runId);

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("failureKind")).isEqualTo("WAREHOUSE_UNREACHABLE");
        assertThat(run.getString("failureReason")).startsWith("the warehouse").contains("gave up after 4 attempts");
        assertThat(run.getInt("timings.attempts")).isEqualTo(4); // 1 + max-retries (3 in the test profile)
        assertThat(unreachableAttempts()).isEqualTo(unreachableBefore + 4);
        // backoff 200 ms doubling: at least 200 + 400 + 800 ms between the attempts
        assertThat(run.getLong("timings.extractionMs")).isGreaterThanOrEqualTo(1400);
        assertThat(Published.only(Topics.RUN_FAILURES, runId, RunFailed.class).payload().reason())
                .isEqualTo(run.getString("failureReason"));

        warehouseAcceptsConnections(true);
        assertThat(RunsClient.awaitFinished(RunsClient.start("house-prices")).getString("status")).isEqualTo("READY");
    }

    /** {@code treeline_dataprep_warehouse_unreachable_total} for house-prices, 0 before the first. */
    private static double unreachableAttempts() {
        String metrics = metrics();
        return metrics.lines().filter(l -> l.startsWith("treeline_dataprep_warehouse_unreachable_total{")
                && l.contains("model=\"house-prices\"")).mapToDouble(l -> Double.parseDouble(l.substring(
                l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void warehouseBackDuringTheRetriesLetsTheRunSucceed() throws Exception {
        warehouseAcceptsConnections(false);
        double unreachableBefore = unreachableAttempts();
        String runId = RunsClient.start("house-prices");
        // reopen once an attempt has found the warehouse closed, so the run must retry to succeed
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> unreachableAttempts() > unreachableBefore);
        warehouseAcceptsConnections(true);

        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getInt("timings.attempts")).isGreaterThan(1);
        assertThat(run.getLong("rows.total")).isEqualTo(970);
    }
}
