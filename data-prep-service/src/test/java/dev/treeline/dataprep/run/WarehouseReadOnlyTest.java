package dev.treeline.dataprep.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.infra.LocalInfraTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The warehouse is someone else's database, and data-prep only reads it: a spec's query runs in a READ ONLY
 * transaction with a statement timeout, on the real PostgreSQL warehouse. A query that writes, directly or in a
 * function it calls, or that runs too long, fails the run with its kind and a clear reason, and the warehouse
 * table is exactly as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class WarehouseReadOnlyTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @BeforeEach
    void warehouseTableAndAFunctionThatErasesIt() throws SQLException {
        WarehouseFixture.houseSales(warehouse);
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement()) {
            st.execute("create or replace function treeline_test_erase_sales() returns integer language plpgsql"
                    + " volatile as $$ begin delete from house_sales; return 1; end $$");
        }
    }

    @Test
    void aQueryThatInsertsFailsAsAWriteAndInsertsNothing() throws SQLException {
        assertFailsAsAWriteChangingNothing("writes-insert", "cannot execute INSERT in a read-only transaction");
    }

    @Test
    void aQueryCallingAFunctionThatDeletesFailsAsAWriteAndDeletesNothing() throws SQLException {
        assertFailsAsAWriteChangingNothing("writes-in-function", "cannot execute DELETE in a read-only transaction");
    }

    private void assertFailsAsAWriteChangingNothing(String model, String serverSays) throws SQLException {
        String before = fingerprint();

        JsonPath run = RunsClient.awaitFinished(RunsClient.start(model));

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("failureKind")).isEqualTo("QUERY_WRITES");
        assertThat(run.getString("failureReason")).startsWith("the query tried to change the warehouse, which"
                + " data-prep only reads: it runs in a read-only transaction, so nothing was changed")
                .contains(serverSays);
        assertThat(fingerprint()).isEqualTo(before).startsWith("1010 rows");
    }

    @Test
    void aQueryRunningLongerThanItsStatementTimeoutIsCancelledWithAClearReason() throws SQLException {
        String before = fingerprint();
        long started = System.nanoTime();

        JsonPath run = RunsClient.awaitFinished(RunsClient.start("too-slow"));

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("failureKind")).isEqualTo("QUERY_TIMEOUT");
        assertThat(run.getString("failureReason")).startsWith("the query ran longer than its statement timeout of"
                + " PT0.5S and the warehouse cancelled it").contains("canceling statement due to statement timeout");
        // pg_sleep(30) was cut short: the run failed long before the query could have finished
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void theTimeoutAndReadOnlyModeEndWithTheExtractionsTransaction() throws SQLException {
        RunsClient.awaitFinished(RunsClient.start("too-slow"));
        // the pooled connection the run used is handed out again without the run's settings
        for (int i = 0; i < 3; i++) {
            try (Connection c = warehouse.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select current_setting('statement_timeout'),"
                            + " current_setting('transaction_read_only')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("0");
                assertThat(rs.getString(2)).isEqualTo("off");
            }
        }
    }

    /** Row count and a hash of every row, in id order. */
    private String fingerprint() throws SQLException {
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*), md5(coalesce(string_agg(h::text, '|' order by id),"
                        + " '')) from house_sales h")) {
            rs.next();
            return rs.getLong(1) + " rows " + rs.getString(2);
        }
    }
}
