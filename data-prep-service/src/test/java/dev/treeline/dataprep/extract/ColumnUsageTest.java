package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.dataprep.extract.ColumnUsage.Classified;
import dev.treeline.dataprep.extract.ColumnUsage.Problem;
import dev.treeline.dataprep.extract.ColumnUsage.ResultColumn;
import dev.treeline.dataprep.extract.ColumnUsage.Usage;
import dev.treeline.dataprep.extract.ColumnUsage.UsedColumn;
import dev.treeline.events.definition.DataSection;

class ColumnUsageTest {

    static final String REG = "reg:squarederror";
    static final String BINARY = "binary:logistic";

    /** Like house_sales: id bigint, sold_on date, price numeric, size_m2 float8, rooms int4, city text. */
    static final List<ResultColumn> HOUSES = List.of(
            new ResultColumn("id", Types.BIGINT, "int8"),
            new ResultColumn("sold_on", Types.DATE, "date"),
            new ResultColumn("price", Types.NUMERIC, "numeric"),
            new ResultColumn("size_m2", Types.DOUBLE, "float8"),
            new ResultColumn("rooms", Types.INTEGER, "int4"),
            new ResultColumn("city", Types.VARCHAR, "text"));

    static DataSection data(String label, String key, List<String> features, List<String> ignored) {
        return new DataSection(null, "select 1", null, label, key, null, features, ignored, null);
    }

    /** The data section with categorical-columns, group-column and weight-column. */
    static DataSection with(DataSection d, List<String> categorical, String group, String weight) {
        return new DataSection(d.layer(), d.query(), d.window(), d.labelColumn(), d.keyColumn(), d.split(),
                d.featureColumns(), d.ignoreColumns(), d.statementTimeout(), categorical, null, group, weight);
    }

    static List<String> usages(Classified classified) {
        return classified.columns().stream().map(c -> c.column().name() + "=" + c.usage().label()).toList();
    }

    @Test
    void withoutFeatureListEveryColumnNotLabelKeyOrIgnoredIsAFeatureInResultOrder() {
        Classified classified = ColumnUsage.classify(HOUSES, data("price", "id", List.of(),
                List.of("sold_on", "city")), REG);

        assertThat(classified.problems()).isEmpty();
        assertThat(usages(classified)).containsExactly("id=key", "sold_on=ignored", "price=label", "size_m2=feature",
                "rooms=feature", "city=ignored");
        assertThat(classified.features()).containsExactly("size_m2", "rooms");
        assertThat(classified.labelIndex()).isEqualTo(3);
        assertThat(classified.keyIndex()).isEqualTo(1);
        assertThat(classified.featureIndexes()).containsExactly(4, 5);
    }

    @Test
    void withFeatureListFeaturesAreInListOrderAndTheKeyIsAFeatureOnlyWhenListed() {
        Classified classified = ColumnUsage.classify(HOUSES, data("price", "id", List.of("rooms", "id", "size_m2"),
                List.of("sold_on", "city")), REG);

        assertThat(classified.problems()).isEmpty();
        assertThat(classified.features()).containsExactly("rooms", "id", "size_m2");
        assertThat(classified.featureIndexes()).containsExactly(5, 1, 4);
        assertThat(classified.columns()).extracting(UsedColumn::usage).containsExactly(Usage.FEATURE, Usage.IGNORED,
                Usage.LABEL, Usage.FEATURE, Usage.FEATURE, Usage.IGNORED);
    }

    @Test
    void booleanColumnsAreFeaturesAndBinaryLabels() {
        List<ResultColumn> result = List.of(new ResultColumn("id", Types.BIGINT, "int8"),
                new ResultColumn("churned", Types.BIT, "bool"), new ResultColumn("has_garden", Types.BOOLEAN, "bool"),
                new ResultColumn("rooms", Types.INTEGER, "int4"));

        Classified classified = ColumnUsage.classify(result, data("churned", "id", List.of(), List.of()), BINARY);

        assertThat(classified.problems()).isEmpty();
        assertThat(classified.features()).containsExactly("has_garden", "rooms");
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("label missing", data("value", "id", List.of(), List.of("sold_on", "city")), REG,
                        "data.label-column", FailureKind.MISSING_COLUMN,
                        "label column 'value' is not in the query result (columns: [id, sold_on, price, size_m2,"
                                + " rooms, city])"),
                Arguments.of("text label for a regression", data("city", "id", List.of("rooms"),
                        List.of("sold_on", "price", "size_m2")), REG, "data.label-column",
                        FailureKind.NON_NUMERIC_COLUMN, "label column 'city' is not numeric (type text):"
                                + " reg:squarederror needs a numeric label; cast it to a number in the query"),
                Arguments.of("date label for a classification", data("sold_on", "id", List.of("rooms"),
                        List.of("city", "price", "size_m2")), BINARY, "data.label-column",
                        FailureKind.NON_NUMERIC_COLUMN, "label column 'sold_on' is not numeric (type date):"
                                + " binary:logistic needs a numeric label (0 or 1, or text with task.positive-class)"),
                Arguments.of("key missing", data("price", "house_id", List.of(), List.of("sold_on", "city")), REG,
                        "data.key-column", FailureKind.MISSING_COLUMN,
                        "key column 'house_id' is not in the query result"),
                Arguments.of("listed feature missing", data("price", "id", List.of("size_m2", "garden"),
                        List.of("sold_on", "city", "rooms")), REG, "data.feature-columns",
                        FailureKind.MISSING_COLUMN, "feature column 'garden' is not in the query result"),
                Arguments.of("ignored column missing", data("price", "id", List.of(), List.of("sold_on", "city",
                        "notes")), REG, "data.ignore-columns", FailureKind.MISSING_COLUMN,
                        "ignored column 'notes' is not in the query result"),
                Arguments.of("unaccounted column", data("price", "id", List.of("size_m2", "rooms"),
                        List.of("sold_on")), REG, "data.feature-columns", FailureKind.UNACCOUNTED_COLUMN,
                        "column 'city' (type text) is in the query result but not in the definition: add it to"
                                + " feature-columns or ignore-columns"),
                Arguments.of("text label of a binary objective without positive-class", data("city", "id",
                        List.of("rooms"), List.of("sold_on", "price", "size_m2")), BINARY, "task.positive-class",
                        FailureKind.NON_NUMERIC_COLUMN, "label column 'city' is text (type text): binary:logistic"
                                + " needs task.positive-class, the label value that is class 1 (the other value is"
                                + " class 0)"),
                Arguments.of("text label for a count", data("city", "id", List.of("rooms"),
                        List.of("sold_on", "price", "size_m2")), "count:poisson", "data.label-column",
                        FailureKind.NON_NUMERIC_COLUMN, "label column 'city' is not numeric (type text):"
                                + " count:poisson needs a numeric label; cast it to a number in the query"),
                Arguments.of("categorical-columns naming a column not in the result", with(data("price", "id",
                        List.of(), List.of("sold_on")), List.of("garden"), null, null), REG,
                        "data.categorical-columns", FailureKind.MISSING_COLUMN, "lists 'garden', which is not a"
                                + " feature (it is not in the query result, columns: [id, sold_on, price, size_m2,"
                                + " rooms, city]); list only feature columns there"),
                Arguments.of("categorical-columns naming an ignored column", with(data("price", "id", List.of(),
                        List.of("sold_on", "city")), List.of("city"), null, null), REG, "data.categorical-columns",
                        FailureKind.MISSING_COLUMN, "lists 'city', which is not a feature (it is ignored)"),
                Arguments.of("group column missing", with(data("price", "id", List.of(), List.of("sold_on")),
                        List.of(), "query_id", null), "rank:ndcg", "data.group-column", FailureKind.MISSING_COLUMN,
                        "group column 'query_id' is not in the query result"),
                Arguments.of("weight column missing", with(data("price", "id", List.of(), List.of("sold_on")),
                        List.of(), null, "w"), REG, "data.weight-column", FailureKind.MISSING_COLUMN,
                        "weight column 'w' is not in the query result"),
                Arguments.of("text weight", with(data("price", "id", List.of(), List.of("sold_on")), List.of(),
                        null, "city"), REG, "data.weight-column", FailureKind.NON_NUMERIC_COLUMN, "weight column"
                                + " 'city' is not numeric (type text): sample weights are numbers >= 0; cast it to a"
                                + " number in the query"),
                Arguments.of("date feature, listed", data("price", "id", List.of("sold_on"), List.of("city",
                        "size_m2", "rooms")), REG, "data.feature-columns", FailureKind.NON_NUMERIC_COLUMN,
                        "feature column 'sold_on' is a date or time (type date): turn it into a number in the query"
                                + " (e.g. extract(epoch from sold_on) or its age in days) or list it under"
                                + " ignore-columns"),
                Arguments.of("no feature at all", data("price", "id", List.of(), List.of("sold_on", "city",
                        "size_m2", "rooms")), REG, "data.feature-columns", FailureKind.NO_FEATURES,
                        "the query result has no feature column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void eachMismatchIsOneProblemNamingTheColumn(String title, DataSection data, String objective, String field,
            FailureKind kind, String message) {
        Classified classified = ColumnUsage.classify(HOUSES, data, objective);

        assertThat(classified.fits()).isFalse();
        assertThat(classified.problems()).hasSize(1);
        Problem problem = classified.problems().get(0);
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.message()).contains(message);
    }

    @Test
    void everyProblemIsReportedAtOnceAndUnaccountedColumnsAreMarked() {
        Classified classified = ColumnUsage.classify(HOUSES, data("value", "house_id", List.of("size_m2", "garden"),
                List.of("notes")), REG);

        assertThat(classified.problems()).extracting(Problem::field).containsExactly("data.label-column",
                "data.key-column", "data.feature-columns", "data.ignore-columns", "data.feature-columns",
                "data.feature-columns", "data.feature-columns", "data.feature-columns", "data.feature-columns");
        assertThat(usages(classified)).containsExactly("id=unaccounted", "sold_on=unaccounted", "price=unaccounted",
                "size_m2=feature", "rooms=unaccounted", "city=unaccounted");
        assertThat(classified.message()).startsWith("label column 'value' is not in the query result")
                .contains("; key column 'house_id'");
    }

    @Test
    void textFeaturesAreCategoricalAndCategoricalColumnsMakeNumbersAndBooleansCategories() {
        List<ResultColumn> result = List.of(new ResultColumn("id", Types.BIGINT, "int8"),
                new ResultColumn("price", Types.NUMERIC, "numeric"), new ResultColumn("cut", Types.VARCHAR, "text"),
                new ResultColumn("rooms", Types.INTEGER, "int4"), new ResultColumn("garden", Types.BIT, "bool"),
                new ResultColumn("size_m2", Types.DOUBLE, "float8"), new ResultColumn("color", Types.VARCHAR,
                        "varchar"), new ResultColumn("pool", Types.BIT, "bool"));

        Classified classified = ColumnUsage.classify(result, with(data("price", "id", List.of(), List.of()),
                List.of("rooms", "garden"), null, null), REG);

        assertThat(classified.problems()).isEmpty();
        assertThat(classified.features()).containsExactly("cut", "rooms", "garden", "size_m2", "color", "pool");
        assertThat(classified.categorical()).containsExactly(true, true, true, false, true, false);
        assertThat(classified.categoricalFeatures()).containsExactly("cut", "rooms", "garden", "color");
    }

    @Test
    void aTextLabelIsClassesForMultiClassAndForBinaryWithItsPositiveClass() {
        List<ResultColumn> result = List.of(new ResultColumn("id", Types.BIGINT, "int8"),
                new ResultColumn("reason", Types.VARCHAR, "text"), new ResultColumn("rooms", Types.INTEGER, "int4"));
        DataSection data = data("reason", "id", List.of(), List.of());

        Classified multi = ColumnUsage.classify(result, data, "multi:softprob");
        Classified binary = ColumnUsage.classify(result, data, BINARY, "churned");

        assertThat(multi.problems()).isEmpty();
        assertThat(multi.textLabel()).isTrue();
        assertThat(binary.problems()).isEmpty();
        assertThat(binary.textLabel()).isTrue();
        assertThat(binary.features()).containsExactly("rooms");
    }

    @Test
    void aPositiveClassForANumericLabelIsAProblem() {
        Classified classified = ColumnUsage.classify(HOUSES, data("rooms", "id", List.of(), List.of("sold_on",
                "city")), BINARY, "1");

        assertThat(classified.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("task.positive-class");
            assertThat(p.message()).isEqualTo("positive-class '1' is only for a text label; label column 'rooms' is"
                    + " numeric (type int4), its values 0/1 are the classes already: remove positive-class");
        });
    }

    @Test
    void theGroupAndTheWeightAreRolesOfTheirOwnNotFeatures() {
        List<ResultColumn> result = List.of(new ResultColumn("id", Types.BIGINT, "int8"),
                new ResultColumn("query_id", Types.VARCHAR, "text"), new ResultColumn("relevance", Types.INTEGER,
                        "int4"), new ResultColumn("w", Types.DOUBLE, "float8"), new ResultColumn("score",
                        Types.DOUBLE, "float8"));

        Classified classified = ColumnUsage.classify(result, with(data("relevance", "id", List.of(), List.of()),
                List.of(), "query_id", "w"), "rank:ndcg");

        assertThat(classified.problems()).isEmpty();
        assertThat(usages(classified)).containsExactly("id=key", "query_id=group", "relevance=label", "w=weight",
                "score=feature");
        assertThat(classified.features()).containsExactly("score");
        assertThat(classified.groupIndex()).isEqualTo(2);
        assertThat(classified.weightIndex()).isEqualTo(4);
    }
}
