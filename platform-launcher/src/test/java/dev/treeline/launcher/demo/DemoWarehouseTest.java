package dev.treeline.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.SharedInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo warehouse on the real PostgreSQL. */
class DemoWarehouseTest {

    @Test
    void loadingIsDeterministicAndAppendingDaysEqualsALongerFirstLoad() throws Exception {
        DemoWarehouse once = warehouse("demo_once");
        DemoWarehouse twice = warehouse("demo_twice");

        once.ensureLoaded(30, 20);
        twice.ensureLoaded(20, 20);
        Map<DemoModel, Long> rows = twice.ensureLoaded(30, 20);
        Map<DemoModel, Long> again = twice.ensureLoaded(30, 20); // already there: nothing added

        assertThat(rows).containsOnlyKeys(DemoModel.values()).allSatisfy((model, count) -> assertThat(count)
                .isEqualTo(600L));
        assertThat(again).isEqualTo(rows);
        for (DemoModel model : DemoModel.values()) {
            assertThat(digest("demo_twice", model)).isEqualTo(digest("demo_once", model));
        }
        assertThat(twice.lastDay(DemoModel.HOUSE_PRICES)).isEqualTo(DemoWarehouse.FIRST_DAY.plusDays(29));
    }

    @Test
    void featuresAndLabelsShiftOverTime() throws Exception {
        DemoWarehouse warehouse = warehouse("demo_shift");
        warehouse.ensureLoaded(DemoWarehouse.BASE_DAYS, 10);

        double earlySize = scalar("demo_shift", "select avg(size_m2) from demo.house_sales where sold_on < '2023-04-01'");
        double lateSize = scalar("demo_shift", "select avg(size_m2) from demo.house_sales where sold_on >= '2025-03-01'");
        double earlyPricePerM2 = scalar("demo_shift",
                "select avg(price / size_m2) from demo.house_sales where sold_on < '2023-04-01'");
        double latePricePerM2 = scalar("demo_shift",
                "select avg(price / size_m2) from demo.house_sales where sold_on >= '2025-03-01'");
        double earlyChurn = scalar("demo_shift",
                "select avg(churned) from demo.customer_activity where observed_on < '2023-04-01'");
        double lateChurn = scalar("demo_shift",
                "select avg(churned) from demo.customer_activity where observed_on >= '2025-03-01'");

        assertThat(lateSize).isGreaterThan(earlySize * 1.2);
        assertThat(latePricePerM2).isGreaterThan(earlyPricePerM2 * 1.1);
        assertThat(earlyChurn).isBetween(0.05, 0.6);
        assertThat(lateChurn).isGreaterThan(earlyChurn + 0.05).isLessThan(0.95);
        assertThat(scalar("demo_shift", "select count(distinct churned) from demo.customer_activity")).isEqualTo(2);
    }

    private static DemoWarehouse warehouse(String database) {
        InfraSettings settings = SharedInfrastructure.withDatabase(database).settings();
        return new DemoWarehouse(settings.jdbcUrl(database), settings.postgresUser(), settings.postgresPassword());
    }

    private static String digest(String database, DemoModel model) throws Exception {
        return String.valueOf(scalarText(database, "select md5(string_agg(t::text, '|' order by id)) from "
                + model.table() + " t"));
    }

    private static double scalar(String database, String sql) throws Exception {
        return Double.parseDouble(scalarText(database, sql));
    }

    private static String scalarText(String database, String sql) throws Exception {
        InfraSettings settings = SharedInfrastructure.get().settings();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(database), settings.postgresUser(),
                settings.postgresPassword()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
