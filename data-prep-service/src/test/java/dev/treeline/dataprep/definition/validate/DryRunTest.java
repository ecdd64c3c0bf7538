package dev.treeline.dataprep.definition.validate;

import static dev.treeline.dataprep.extract.TestDefinitions.REGRESSION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.dataprep.extract.CategoryDictionary;
import dev.treeline.dataprep.extract.TestDefinitions;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.errors.DomainException.Violation;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The dry run against the real warehouse (PostgreSQL) and its {@code house_sales} table. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DryRunTest {

    static final String FROM_HOUSES = " from house_sales where sold_on between :dateStart and :dateEnd";

    @Inject
    DryRun dryRun;
    @Inject
    Clock clock;
    @Inject
    CategoryDictionary dictionary;
    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    static ModelDefinition definition(String columns, String label, List<String> features, List<String> ignored) {
        return TestDefinitions.definition("dry-run", REGRESSION, "select " + columns + FROM_HOUSES,
                LocalDate.of(2020, 1, 1), label, features, ignored);
    }

    static List<String> columns(DryRunReport report) {
        return report.columns().stream().map(c -> c.name() + " " + c.type() + " " + c.usage()).toList();
    }

    @Test
    void aGoodDefinitionShowsItsColumnsTypesUsagesAndTheRowsInTheWindow() {
        DryRunReport report = dryRun.run(TestDefinitions.housePrices(), 10);

        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(columns(report)).containsExactly("id int8 key", "sold_on date ignored", "price numeric label",
                "size_m2 float8 feature", "rooms int4 feature", "city text ignored");
        assertThat(report.windowStart()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(report.windowEnd()).isEqualTo(LocalDate.now(clock).minusDays(30));
        // ids 31..1000 are in the window; the 10 sales of three days ago are inside the pushback
        assertThat(report.rows()).isEqualTo(970);
        assertThat(report.rowLimit()).isEqualTo(10);
    }

    @Test
    void aMissingLabelIsAProblemOfTheLabelColumn() {
        DryRunReport report = dryRun.run(definition("id, size_m2, rooms", "price", List.of(), List.of()), 5);

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).containsExactly(new Violation("data.label-column",
                "label column 'price' is not in the query result (columns: [id, size_m2, rooms])"));
        assertThat(columns(report)).containsExactly("id int8 key", "size_m2 float8 feature", "rooms int4 feature");
        assertThat(report.rows()).isEqualTo(970);
    }

    @Test
    void aTextLabelForARegressionIsAProblem() {
        DryRunReport report = dryRun.run(definition("id, city, size_m2", "city", List.of(), List.of()), 5);

        assertThat(report.problems()).containsExactly(new Violation("data.label-column", "label column 'city' is not"
                + " numeric (type text): reg:squarederror needs a numeric label; cast it to a number in the query"));
        assertThat(columns(report)).contains("city text label");
    }

    @Test
    void aLabelOutsideWhatTheObjectiveTakesIsAProblemNamingTheRowAndTheRule() {
        DryRunReport report = dryRun.run(TestDefinitions.definition("dry-run", "count:poisson", "select id, price - 2000"
                + " as change, size_m2" + FROM_HOUSES, LocalDate.of(2020, 1, 1), "change", List.of(), List.of()), 50);

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data.label-column");
            assertThat(p.message()).matches("row \\d+ of the sample: label -[0-9.]+ does not fit count:poisson, which"
                    + " needs numbers >= 0");
        });
    }

    @Test
    void aFeatureThatIsNotInTheQueryIsAProblem() {
        DryRunReport report = dryRun.run(definition("id, price, size_m2", "price", List.of("size_m2", "garden_m2"),
                List.of()), 5);

        assertThat(report.problems()).containsExactly(new Violation("data.feature-columns", "feature column"
                + " 'garden_m2' is not in the query result (columns: [id, price, size_m2])"));
    }

    @Test
    void aColumnTheDefinitionDoesNotAccountForIsAProblemAndMarkedUnaccounted() {
        DryRunReport report = dryRun.run(definition("id, sold_on, price, size_m2, rooms, city", "price",
                List.of("size_m2", "rooms"), List.of("sold_on")), 5);

        assertThat(report.problems()).containsExactly(new Violation("data.feature-columns", "column 'city' (type"
                + " text) is in the query result but not in the definition: add it to feature-columns or"
                + " ignore-columns"));
        assertThat(columns(report)).contains("city text unaccounted", "sold_on date ignored");
    }

    @Test
    void aMissingTableIsAProblemOfTheQueryWithTheWarehouseMessage() {
        DryRunReport report = dryRun.run(TestDefinitions.definition("dry-run", REGRESSION, "select id, price from"
                + " no_such_table where sold_on between :dateStart and :dateEnd", null, "price", List.of(),
                List.of()), 5);

        assertThat(report.valid()).isFalse();
        assertThat(report.columns()).isEmpty();
        assertThat(report.rows()).isNull();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data.query");
            assertThat(p.message()).startsWith("warehouse query failed: ").contains("no_such_table")
                    .contains("does not exist");
        });
    }

    @Test
    void aQueryThatWritesIsRefusedByTheReadOnlyTransaction() throws Exception {
        DryRunReport report = dryRun.run(TestDefinitions.definition("dry-run", REGRESSION, "delete from house_sales"
                + " where sold_on between :dateStart and :dateEnd returning id, price, size_m2", null, "price",
                List.of(), List.of()), 5);

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data.query");
            assertThat(p.message()).startsWith("the query tried to change the warehouse");
        });
        try (var c = warehouse.getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("select count(*) from house_sales")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1010);
        }
    }

    @Test
    void aCountLongerThanTheStatementTimeoutLeavesTheRowsUnknownAndSaysSo() {
        // 2 ms a row: the 5 sampled rows come at once, counting all 970 would take about 2 s
        ModelDefinition slow = TestDefinitions.definition("dry-run", REGRESSION, "select id, price, size_m2"
                + FROM_HOUSES + " and pg_sleep(0.002) is not null", LocalDate.of(2020, 1, 1), "price", List.of(),
                List.of(), Duration.ofMillis(500));

        DryRunReport report = dryRun.run(slow, 5);

        assertThat(columns(report)).containsExactly("id int8 key", "price numeric label", "size_m2 float8 feature");
        assertThat(report.rows()).isNull();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data.query");
            assertThat(p.message()).startsWith("counting the rows in the window took longer than the statement"
                    + " timeout of PT0.5S");
        });
    }

    static List<String> detailed(DryRunReport report) {
        return report.columns().stream().map(c -> c.name() + " " + c.usage() + " " + c.featureType() + " "
                + c.distinctInSample()).toList();
    }

    @Test
    void categoricalColumnsShowTheirDistinctValuesInTheSampleAndThoseOverTheCapAreAProblem() {
        // city has 3 values (city-0..2); rooms (listed as categorical) 5 values (0..4) in the 20 rows read
        ModelDefinition definition = TestDefinitions.full("dry-run", REGRESSION, null, "select id, price, city,"
                + " rooms, size_m2" + FROM_HOUSES, "price", List.of(), List.of("rooms"), 4, null, null);

        DryRunReport report = dryRun.run(definition, 20);

        assertThat(detailed(report)).containsExactly("id key null null", "price label null null",
                "city feature categorical 3", "rooms feature categorical 5", "size_m2 feature numeric null");
        assertThat(report.problems()).containsExactly(new Violation("data.categorical-columns", "categorical feature"
                + " 'rooms' has 5 distinct values in the 20 sampled rows, more than data.max-categories (4): an"
                + " identifier is not a category: list it under ignore-columns, or raise data.max-categories"));
    }

    @Test
    void aBinaryTextLabelWithAThirdValueInTheSampleIsAProblem() {
        ModelDefinition definition = TestDefinitions.full("dry-run", "binary:logistic", "city-1", "select id, city,"
                + " size_m2" + FROM_HOUSES + " order by id", "city", List.of(), List.of(), null, null, null);

        DryRunReport report = dryRun.run(definition, 10);

        assertThat(detailed(report)).contains("city label null 3");
        assertThat(report.problems()).containsExactly(new Violation("data.label-column", "label column 'city' has 3"
                + " values in the sample [city-1, city-2, city-0]: binary:logistic takes two, 'city-1'"
                + " (positive-class, 1) and one other (0); filter the other values out in the query or use a"
                + " multi:* objective"));
    }

    @Test
    void aGroupAndAWeightAreReportedWithTheirOwnUsage() {
        ModelDefinition definition = TestDefinitions.full("dry-run", "rank:ndcg", null, "select id, rooms, city,"
                + " price / 1000 as w, size_m2" + FROM_HOUSES, "rooms", List.of(), List.of(), null, "city", "w");

        DryRunReport report = dryRun.run(definition, 10);

        assertThat(report.problems()).isEmpty();
        assertThat(detailed(report)).containsExactly("id key null null", "rooms label null null",
                "city group null null", "w weight null null", "size_m2 feature numeric null");
    }
    /** A model name of its own: the dictionary outlives a test run. */
    static String model(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Codes 0, 1, ... for the values, as earlier runs of the model would have stored them. */
    private void stored(String model, CategoryDictionary.Kind kind, String column, String... values) {
        List<CategoryDictionary.Code> codes = new ArrayList<>();
        for (int code = 0; code < values.length; code++) {
            codes.add(new CategoryDictionary.Code(kind, column, values[code], code));
        }
        dictionary.append(model, UUID.randomUUID().toString(), codes);
    }

    @Test
    void theCapCountsTheCodesEarlierRunsStoredPlusTheNewValuesOfTheSample() {
        String model = model("dry-run-cap");
        // earlier runs coded city-0, city-1 and two cities no longer sold; the sample has city-0..2, so adds city-2.
        // big is a boolean a run codes as true/false (the server writes t/f): both stored, nothing added
        stored(model, CategoryDictionary.Kind.FEATURE, "city", "city-0", "city-1", "old-a", "old-b");
        stored(model, CategoryDictionary.Kind.FEATURE, "big", "false", "true");
        String query = "select id, price, city, rooms > 2 as big, size_m2" + FROM_HOUSES;

        DryRunReport report = dryRun.run(TestDefinitions.full(model, REGRESSION, null, query, "price", List.of(),
                List.of("big"), 4, null, null), 20);

        assertThat(report.problems()).containsExactly(new Violation("data.feature-columns", "categorical feature"
                + " 'city': earlier runs of this model coded 4 values and the 20 sampled rows add 1 more, 5 in all,"
                + " more than data.max-categories (4): an identifier is not a category: list it under"
                + " ignore-columns, or raise data.max-categories"));
        assertThat(detailed(report)).contains("city feature categorical 3", "big feature categorical 2");
        // the same sample without stored codes fits the cap
        assertThat(dryRun.run(TestDefinitions.full(model("dry-run-cap"), REGRESSION, null, query, "price", List.of(),
                List.of("big"), 4, null, null), 20).problems()).isEmpty();
    }

    @Test
    void aPositiveClassEarlierRunsCodedZeroAndStoredClassesThatMakeAThirdWithTheSampleAreProblems() {
        String query = "select id, city, size_m2 from house_sales where sold_on between :dateStart and :dateEnd"
                + " and city in ('city-0', 'city-1') order by id";
        String swapped = model("dry-run-binary");
        // the model's first run had positive-class city-0, so city-1 is its class 0
        stored(swapped, CategoryDictionary.Kind.LABEL, "city", "city-1", "city-0");

        DryRunReport report = dryRun.run(TestDefinitions.full(swapped, "binary:logistic", "city-1", query, "city",
                List.of(), List.of(), null, null, null), 10);

        assertThat(report.problems()).containsExactly(new Violation("task.positive-class", "'city-1' is class 0 of"
                + " label column 'city' in earlier runs of this model, which coded its classes as [city-1, city-0]"
                + " (by code); positive-class is class 1 and codes are kept across retrains, so keep the positive"
                + " class of the model's first run ('city-0') or define a new model"));
        assertThat(dryRun.run(TestDefinitions.full(model("dry-run-binary"), "binary:logistic", "city-1", query,
                "city", List.of(), List.of(), null, null, null), 10).problems()).isEmpty();

        // earlier runs coded city-0 and city-1; the sample has city-1 and city-2: two values, but three with them
        String third = model("dry-run-binary");
        stored(third, CategoryDictionary.Kind.LABEL, "city", "city-0", "city-1");
        DryRunReport three = dryRun.run(TestDefinitions.full(third, "binary:logistic", "city-1", query.replace(
                "'city-0', 'city-1'", "'city-1', 'city-2'"), "city", List.of(), List.of(), null, null, null), 10);

        assertThat(three.problems()).containsExactly(new Violation("data.label-column", "label column 'city': earlier"
                + " runs of this model coded the classes [city-0, city-1] (by code) and the sample has [city-1,"
                + " city-2], 3 values in all [city-0, city-1, city-2]: binary:logistic takes two, 'city-1'"
                + " (positive-class, 1) and one other (0); filter the other values out in the query, use a multi:*"
                + " objective or define a new model"));
    }
}
