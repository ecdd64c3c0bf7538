package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.treeline.dataprep.extract.TestDefinitions.REGRESSION;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.DateWindow;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.ObjectStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Against the real PostgreSQL (as warehouse) and the real S3 server. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DatasetExtractorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Inject
    DatasetExtractor extractor;
    @Inject
    ObjectStore store;
    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    /** The definitions these tests extract, over house_sales (and wide_rows). */
    private static ModelDefinition spec(String name) {
        String between = " where sold_on between :dateStart and :dateEnd";
        return switch (name) {
            case "house-prices" -> TestDefinitions.housePrices();
            case "house-prices-all" -> TestDefinitions.definition(name, REGRESSION, "select id, price, size_m2,"
                    + " rooms, city from house_sales" + between, null, "price", List.of(), List.of("city"));
            case "no-label" -> TestDefinitions.definition(name, REGRESSION, "select id, size_m2 from house_sales"
                    + between, null, "price", List.of(), List.of());
            case "date-feature" -> TestDefinitions.definition(name, REGRESSION, "select id, price, sold_on from"
                    + " house_sales" + between, null, "price", List.of("sold_on"), List.of());
            case "booleans" -> TestDefinitions.definition(name, "binary:logistic", "select id, (price > 2000) as"
                    + " expensive, (rooms >= 2) as roomy, size_m2 from house_sales" + between, null, "expensive",
                    List.of(), List.of());
            case "price-as-class" -> TestDefinitions.definition(name, "binary:logistic", "select id, price, size_m2"
                    + " from house_sales" + between, null, "price", List.of(), List.of());
            case "unaccounted" -> TestDefinitions.definition(name, REGRESSION, "select id, price, size_m2, rooms,"
                    + " city from house_sales" + between, null, "price", List.of("size_m2"), List.of("city"));
            case "empty-window" -> TestDefinitions.definition(name, "binary:logistic", "select id, price, size_m2"
                    + " from house_sales" + between + " and price < 0", null, "price", List.of(), List.of());
            case "wide" -> TestDefinitions.definition(name, REGRESSION, "select id, label, f1, f2, f3, f4, f5, f6,"
                    + " f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20 from wide_rows where day"
                    + " between :dateStart and :dateEnd", null, "label", List.of(), List.of());
            default -> throw new IllegalArgumentException(name);
        };
    }

    private Dataset extract(String model) {
        DateWindow window = DatasetExtractor.windowFor(spec(model), TODAY);
        return extractor.extract(model, spec(model), window, UUID.randomUUID().toString());
    }

    private List<String> lines(ObjectRef ref) {
        return Arrays.asList(new String(store.read(ref), StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void windowRunsFromTheFixedStartToTodayMinusPushback() {
        DateWindow window = DatasetExtractor.windowFor(spec("house-prices"), TODAY);
        assertThat(window.start()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(window.end()).isEqualTo(LocalDate.of(2026, 10, 25));
    }

    @Test
    void rowsOutsideTheWindowAreExcludedAndEveryRowLandsInExactlyOneSplit() {
        Dataset dataset = extract("house-prices");

        assertThat(dataset.rows()).isEqualTo(970);
        long train = dataset.splits().train().rows();
        long validation = dataset.splits().validation().rows();
        long test = dataset.splits().test().rows();
        assertThat(train + validation + test).isEqualTo(970);
        assertThat(train).isBetween(600L, 760L);
        assertThat(validation).isBetween(90L, 200L);
        assertThat(test).isBetween(90L, 200L);
        assertThat(dataset.featureNames()).containsExactly("size_m2", "rooms");
        assertThat(dataset.parameters()).containsEntry("dateStart", LocalDate.of(2020, 1, 1))
                .containsEntry("dateEnd", LocalDate.of(2026, 10, 25));
        assertThat(dataset.splits().train().key()).matches("datasets/house-prices/[0-9a-f-]{36}/train.csv");
    }

    @Test
    void csvHasNoHeaderLabelFirstFeaturesInSpecOrderAndMissingValuesEmpty() {
        Dataset dataset = extract("house-prices");
        Split.Assigner assigner = new Split.Assigner(spec("house-prices").data().split());
        List<String> rowsOf42 = lines(ref(dataset, assigner.of("42")));
        List<String> rowsOf500 = lines(ref(dataset, assigner.of("500")));
        List<String> rowsOf501 = lines(ref(dataset, assigner.of("501")));

        // id 42: price 1000 + 42 * 2.5 = 1105.00, size 50 + (42 % 7) * 10.25 = 50.0, rooms 42 % 5 = 2
        assertThat(rowsOf42).contains("1105.00,50,2");
        assertThat(rowsOf500).contains("2250.00,,0"); // NaN size is missing
        assertThat(rowsOf501).contains("2252.50,91,"); // NULL rooms is missing; size 50 + (501 % 7) * 10.25
        assertThat(rowsOf42.get(0)).doesNotContain("price");
        // id 20 is before the window start, id 1005 inside the pushback
        for (ObjectRef split : List.of(dataset.splits().train(), dataset.splits().validation(), dataset.splits().test())) {
            assertThat(lines(split)).noneMatch(l -> l.startsWith("1050.00,") || l.startsWith("1,"));
        }
    }

    @Test
    void booleanLabelsAndFeaturesAreWrittenAsOneAndZeroAndNullStaysMissing() {
        Dataset dataset = extract("booleans");
        Split.Assigner assigner = new Split.Assigner(spec("booleans").data().split());

        assertThat(dataset.featureNames()).containsExactly("roomy", "size_m2");
        assertThat(lines(ref(dataset, assigner.of("42")))).contains("0,1,50"); // 1105 <= 2000, rooms 2
        assertThat(lines(ref(dataset, assigner.of("501")))).contains("1,,91"); // 2252.50 > 2000, rooms NULL
    }

    @Test
    void aLabelTheObjectiveCannotTakeFailsTheRunWithTheValueAndTheRule() {
        assertThatThrownBy(() -> extract("price-as-class")).isInstanceOf(ExtractionException.class)
                .hasMessageMatching("row \\d+ of the query result: label [0-9.]+ does not fit binary:logistic, which"
                        + " needs 0 or 1 \\(a boolean works too\\) \\(label column 'price'\\)")
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(FailureKind.BAD_VALUE);
    }

    @Test
    void sameRowsGiveTheSameSplitsOnEveryRun() {
        Dataset first = extract("house-prices");
        // more runs than PgJDBC's prepare threshold (5): a server-prepared statement would switch to binary
        // results and write 50 as "50.0"
        for (int i = 0; i < 6; i++) {
            Dataset again = extract("house-prices");
            assertThat(again.splits().train().sha256()).isEqualTo(first.splits().train().sha256());
            assertThat(again.splits().validation().sha256()).isEqualTo(first.splits().validation().sha256());
            assertThat(again.splits().test().sha256()).isEqualTo(first.splits().test().sha256());
            assertThat(again.splits().train().key()).isNotEqualTo(first.splits().train().key());
        }
    }

    @Test
    void aSplitLargerThanOnePartStreamsUpInPartsAndReadsBackWithItsSha256() throws Exception {
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists wide_rows");
            st.execute("create table wide_rows as select i::bigint as id, date '2021-01-01' + (i % 500) as day,"
                    + " (i % 1000) * 1.5 as label, " + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 20)
                    .mapToObj(f -> "(i * " + f + ") / 7.0::float8 as f" + f).toList())
                    + " from generate_series(1, 40000) i");
        }
        Dataset dataset = extract("wide");

        assertThat(dataset.rows()).isEqualTo(40000);
        ObjectRef train = dataset.splits().train();
        assertThat(train.bytes()).as("train is over one 5 MiB part").isGreaterThan(5L * 1024 * 1024);
        List<String> lines = lines(train); // read() verifies the SHA-256
        assertThat(lines).hasSize((int) (long) train.rows());
        assertThat(lines).allMatch(l -> l.split(",", -1).length == 21);
        // row 7: label 10.5, f1 = 7 / 7.0 = 1, f20 = 140 / 7.0 = 20
        Split.Assigner assigner = new Split.Assigner(spec("wide").data().split());
        assertThat(lines(ref(dataset, assigner.of("7")))).anyMatch(l -> l.startsWith("10.5,1,") && l.endsWith(",20"));
    }

    @Test
    void withoutFeatureListEveryColumnNotLabelKeyOrIgnoredIsAFeatureInResultOrder() {
        Dataset dataset = extract("house-prices-all");
        assertThat(dataset.featureNames()).containsExactly("size_m2", "rooms"); // not id (key), not city (ignored)
        // this spec keeps the default window start 2000-01-01: all 1000 older sales, none of the recent 10
        assertThat(dataset.rows()).isEqualTo(1000);
    }

    @Test
    void missingLabelColumnFailsSayingWhichColumnsExist() {
        assertThatThrownBy(() -> extract("no-label")).isInstanceOf(ExtractionException.class)
                .hasMessage("label column 'price' is not in the query result (columns: [id, size_m2])");
    }

    @Test
    void aDateFeatureFailsNamingTheColumnAndHowToMakeItANumber() {
        assertFails("date-feature", FailureKind.NON_NUMERIC_COLUMN, "feature column 'sold_on' is a date or time (type"
                + " date): turn it into a number in the query (e.g. extract(epoch from sold_on) or its age in days)"
                + " or list it under ignore-columns");
    }

    @Test
    void aColumnTheDefinitionDoesNotAccountForFailsTheRunNamingIt() {
        assertFails("unaccounted", FailureKind.UNACCOUNTED_COLUMN, "column 'rooms' (type int4) is in the query"
                + " result but not in the definition: add it to feature-columns or ignore-columns");
    }

    private void assertFails(String model, FailureKind kind, String message) {
        assertThatThrownBy(() -> extract(model)).isInstanceOf(ExtractionException.class).hasMessage(message)
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(kind);
    }

    @Test
    void zeroRowsFailInsteadOfPublishingAnEmptyDataset() {
        assertThatThrownBy(() -> extract("empty-window")).isInstanceOf(ExtractionException.class)
                .hasMessage("the query returned no labelled rows in the window");
    }

    @Test
    void sqlErrorFailsWithTheWarehouseMessage() throws Exception {
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table house_sales");
        }
        assertThatThrownBy(() -> extract("house-prices")).isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("warehouse query failed: ").hasMessageContaining("house_sales");
    }

    private static ObjectRef ref(Dataset dataset, Split split) {
        return switch (split) {
            case TRAIN -> dataset.splits().train();
            case VALIDATION -> dataset.splits().validation();
            case TEST -> dataset.splits().test();
        };
    }
}
