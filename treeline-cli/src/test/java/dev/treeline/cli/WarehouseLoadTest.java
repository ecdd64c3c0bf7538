package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code treeline warehouse load} on a real PostgreSQL (zonky's binaries, as local-infra runs them). */
class WarehouseLoadTest {

    static EmbeddedPostgres postgres;
    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
        String workDir = System.getProperty("ot.epg.working-dir");
        if (workDir != null) {
            builder.setOverrideWorkingDirectory(Path.of(workDir).toFile());
        }
        postgres = builder.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private CliRun load(Path file, String... args) {
        List<String> all = new ArrayList<>(List.of("warehouse", "load", file.toString(), "--jdbc-url",
                postgres.getJdbcUrl("postgres", "postgres"), "--db-user", "postgres"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<List<String>> rows(String sql) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void aCsvBecomesATableWithInferredTypesAndIsNotOverwrittenUnlessReplaced() throws Exception {
        Path csv = Files.writeString(dir.resolve("houses.csv"), """
                ID,Sold On,Price (EUR),rooms,garden,listed at,city,notes
                1,2024-01-03,250000.5,3,true,2024-01-01 10:00:00,Lyon,"big, bright"
                2,2024-01-04,199000,2,false,2024-01-02T11:30,Paris,
                3,2024-01-05,,4,TRUE,2024-01-02,"Saint-""Malo\""","two
                lines"
                """);

        CliRun first = load(csv, "--table", "my_data.houses");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("loaded 3 rows into my_data.houses (id bigint, sold_on date, price_eur double"
                + " precision, rooms bigint, garden boolean, listed_at timestamp, city text, notes text)")
                .contains("column 'Sold On' is named sold_on")
                .contains("select id, sold_on, price_eur, rooms, garden, listed_at, city, notes from my_data.houses");
        Map<String, String> types = new LinkedHashMap<>();
        rows("select column_name, data_type from information_schema.columns where table_schema = 'my_data'"
                + " and table_name = 'houses' order by ordinal_position").forEach(r -> types.put(r.get(0), r.get(1)));
        assertThat(types).containsExactly(Map.entry("id", "bigint"), Map.entry("sold_on", "date"),
                Map.entry("price_eur", "double precision"), Map.entry("rooms", "bigint"),
                Map.entry("garden", "boolean"), Map.entry("listed_at", "timestamp without time zone"),
                Map.entry("city", "text"), Map.entry("notes", "text"));
        assertThat(rows("select id, price_eur, garden, listed_at, city, notes from my_data.houses order by id"))
                .containsExactly(
                        List.of("1", "250000.5", "t", "2024-01-01 10:00:00", "Lyon", "big, bright"),
                        java.util.Arrays.asList("2", "199000", "f", "2024-01-02 11:30:00", "Paris", null),
                        java.util.Arrays.asList("3", null, "t", "2024-01-02 00:00:00", "Saint-\"Malo\"", "two\nlines"));

        CliRun again = load(csv, "--table", "my_data.houses");
        assertThat(again.exit()).isEqualTo(CliException.CONFLICT);
        assertThat(again.err()).contains("table my_data.houses exists; --replace");

        Path fewer = Files.writeString(dir.resolve("fewer.csv"), "id,price\n7,1.5\n");
        CliRun replaced = load(fewer, "--table", "my_data.houses", "--replace");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(rows("select id, price from my_data.houses")).containsExactly(List.of("7", "1.5"));
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefusedBeforeAnyStatement() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "a\n1\n");
        for (String table : List.of("x; drop table pg_class", "\"quoted\"", "a.b.c", "Upper", "1abc", "")) {
            CliRun result = load(csv, "--table", table);
            assertThat(result.exit()).as(table).isEqualTo(CliException.BAD_REQUEST);
            assertThat(result.err()).as(table).contains("give name or schema.name");
        }
        // Header names become identifiers or are refused; none reaches SQL as written.
        Path hostile = Files.writeString(dir.resolve("hostile.csv"), "\"a\"\"); drop table t; --\",b\n1,2\n");
        CliRun result = load(hostile, "--table", "hostile");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("(a_drop_table_t bigint, b bigint)");
        assertThat(load(Files.writeString(dir.resolve("dup.csv"), "a,A\n1,2\n"), "--table", "dup").err())
                .contains("two columns of the header are both named 'a'");
    }

    @Test
    void aFailedLoadLeavesNoTable() throws Exception {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        CliRun refused = load(ragged, "--table", "ragged");
        assertThat(refused.exit()).isEqualTo(CliException.BAD_REQUEST);
        assertThat(refused.err()).contains("line 3 has 1 values, the header names 2 columns");

        // a number PostgreSQL cannot hold: the table was created, then COPY failed, and the transaction rolls back
        Path tooBig = Files.writeString(dir.resolve("big.csv"), "a\n1\n1e400\n");
        CliRun failed = load(tooBig, "--table", "too_big");
        assertThat(failed.exit()).isEqualTo(CliException.BAD_REQUEST);
        assertThat(failed.err()).contains("out of range");
        assertThat(rows("select count(*) from information_schema.tables where table_name in ('ragged', 'too_big')"))
                .containsExactly(List.of("0"));
    }

    @Test
    void typesAreTheNarrowestThatHoldEveryValue() throws Exception {
        CsvTable table = CsvTable.infer(new StringReader("""
                i,d,mixed,b,day,ts,empty,t
                1,1,1,false,2024-02-29,2024-02-29,,x
                -2,2.5e3,true,True,2024-03-01,2024-03-01 23:59:59.123,,1
                """), ',');
        assertThat(table.columns()).extracting(c -> c.type().sql).containsExactly("bigint", "double precision",
                "text", "boolean", "date", "timestamp", "text", "text");
        assertThat(table.rows()).isEqualTo(2);
    }
}
