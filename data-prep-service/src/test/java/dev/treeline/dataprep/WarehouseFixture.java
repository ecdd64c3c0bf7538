package dev.treeline.dataprep;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The test warehouse table {@code house_sales}: 1000 sales from 2019-12-02 (id 1) one per day, plus 10 sales
 * inside the pushback (too recent). With today 2026-11-24 and the house-prices spec, ids 31..1000 fall in the
 * window [2020-01-01, 2026-10-25]. Row 500 has a NaN size, row 501 no rooms.
 */
public final class WarehouseFixture {

    private WarehouseFixture() {
    }

    public static void houseSales(DataSource warehouse) throws SQLException {
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists house_sales");
            st.execute("create table house_sales (id bigint primary key, sold_on date not null, price numeric(12,2),"
                    + " size_m2 double precision, rooms integer, city text)");
            st.execute("insert into house_sales select i, date '2019-12-01' + i, 1000 + i * 2.5, 50 + (i % 7) * 10.25,"
                    + " i % 5, 'city-' || (i % 3) from generate_series(1, 1000) i");
            st.execute("insert into house_sales select i, current_date - 3, 1, 1, 1, 'x' from generate_series(1001,"
                    + " 1010) i");
            st.execute("update house_sales set size_m2 = 'NaN' where id = 500");
            st.execute("update house_sales set rooms = null where id = 501");
        }
    }
}
