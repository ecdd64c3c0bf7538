package dev.treeline.dataprep.kickoff;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.treeline.dataprep.AdjustableClock;
import dev.treeline.dataprep.WarehouseFixture;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/** What kickoff tests share: the warehouse table runs extract, and the service's clock, running again after each. */
abstract class KickoffTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;
    @Inject
    AdjustableClock clock;

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    @AfterEach
    void letTimeRun() {
        clock.release();
    }
}
