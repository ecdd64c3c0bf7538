package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.events.DatasetSchema;
import dev.treeline.events.DatasetSchema.Feature;
import dev.treeline.events.DatasetSchema.Label;
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

/**
 * Categorical features, text labels, ranking groups and weights through the real extraction: tables the tests
 * build in the real warehouse, the dictionary in data-prep's real database, the splits and schema.json on the real
 * S3 server. Every model name is new per test (the dictionary outlives a test run).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class CategoricalDatasetsTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Inject
    DatasetExtractor extractor;
    @Inject
    ObjectStore store;
    @Inject
    CategoryDictionary dictionary;
    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    private void sql(String... statements) throws Exception {
        try (Connection c = warehouse.getConnection(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private static String model(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Dataset extract(String model, ModelDefinition definition) {
        DateWindow window = DatasetExtractor.windowFor(definition, TODAY);
        return extractor.extract(model, definition, window, UUID.randomUUID().toString());
    }

    private static ModelDefinition definition(String name, String objective, String positiveClass, String query,
            String label, List<String> categorical, Integer cap, String group, String weight) {
        return TestDefinitions.full(name, objective, positiveClass, query, label, List.of("day"), categorical, cap,
                group, weight);
    }

    /** Every line of the three splits, in split order. */
    private List<String> lines(Dataset dataset) {
        List<String> lines = new ArrayList<>();
        for (ObjectRef split : List.of(dataset.splits().train(), dataset.splits().validation(),
                dataset.splits().test())) {
            lines.addAll(lines(split));
        }
        return lines;
    }

    private List<String> lines(ObjectRef split) {
        String text = new String(store.read(split), StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private DatasetSchema schemaFile(Dataset dataset) throws Exception {
        ObjectRef ref = dataset.splits().schema();
        byte[] bytes = store.read(ref); // checked against its SHA-256 on the way
        assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
        assertThat(ref.bytes()).isEqualTo(bytes.length);
        return DatasetSchema.fromJson(bytes);
    }

    /** 60 diamonds, one a day from 2021-01-02, ordered by id; three text columns, clarity sometimes missing. */
    private void diamonds() throws Exception {
        sql("drop table if exists diamonds", "create table diamonds as select i::bigint as id, date '2021-01-01' + i"
                + " as day, (100 + i)::float8 as price, (i / 10.0)::float8 as carat,"
                + " (array['Ideal', 'Premium', 'Good'])[1 + i % 3] as cut,"
                + " case when i % 2 = 0 then 'E' else 'F' end as color,"
                + " case i % 4 when 0 then null when 1 then 'SI2' when 2 then '' else 'VS1' end as clarity"
                + " from generate_series(1, 60) i");
    }

    static final String DIAMONDS = "select id, day, price, carat, cut, color, clarity from diamonds"
            + " where day between :dateStart and :dateEnd order by id";

    @Test
    void textColumnsAreCodedInOrderOfFirstAppearanceAndSchemaJsonListsTheirCategories() throws Exception {
        diamonds();
        String model = model("diamonds");

        Dataset dataset = extract(model, definition(model, "reg:squarederror", null, DIAMONDS, "price", List.of(),
                null, null, null));

        // id 1: Premium (code 0), F (0), SI2 (0); id 2: Good (1), E (1), '' missing; id 3: Ideal (2), F, VS1 (1);
        // id 4: Premium, E, NULL missing
        assertThat(lines(dataset)).contains("101,0.1,0,0,0", "102,0.2,1,1,", "103,0.3,2,0,1", "104,0.4,0,1,")
                .hasSize(60);
        DatasetSchema expected = new DatasetSchema(1, List.of(Feature.numeric("carat"),
                Feature.categorical("cut", List.of("Premium", "Good", "Ideal")),
                Feature.categorical("color", List.of("F", "E")),
                Feature.categorical("clarity", List.of("SI2", "VS1"))), new Label("price", List.of()), null, null);
        assertThat(dataset.schema()).isEqualTo(expected);
        assertThat(schemaFile(dataset)).isEqualTo(expected);
        assertThat(dataset.splits().schema().key()).isEqualTo(dataset.splits().train().key()
                .replace("train.csv", "schema.json"));
        assertThat(dictionary.load(model).of(CategoryDictionary.Kind.FEATURE, "cut"))
                .containsExactly("Premium", "Good", "Ideal");
    }

    @Test
    void aNumericColumnListedAsCategoricalIsCodedByItsValue() throws Exception {
        diamonds();
        String model = model("diamonds-rooms");
        String query = "select id, day, price, (id % 3)::int as rooms from diamonds where day between :dateStart"
                + " and :dateEnd order by id";

        Dataset dataset = extract(model, definition(model, "reg:squarederror", null, query, "price",
                List.of("rooms"), null, null, null));

        // id 1: rooms 1 (code 0), id 2: 2 (1), id 3: 0 (2)
        assertThat(lines(dataset)).contains("101,0", "102,1", "103,2", "104,0");
        assertThat(dataset.schema().features()).containsExactly(Feature.categorical("rooms", List.of("1", "2",
                "0")));
    }

    @Test
    void aRetrainKeepsTheCodesOfEarlierRunsAndAppendsNewCategoriesAndClasses() throws Exception {
        sql("drop table if exists tickets", "create table tickets as select i::bigint as id, date '2021-01-01' + i"
                + " as day, (array['billing', 'delivery'])[1 + i % 2] as reason,"
                + " (array['web', 'phone'])[1 + i % 2] as channel, i::float8 as age from generate_series(1, 40) i");
        String model = model("tickets");
        ModelDefinition definition = definition(model, "multi:softprob", null, "select id, day, reason, channel,"
                + " age from tickets where day between :dateStart and :dateEnd order by id", "reason", List.of(),
                null, null, null);
        Dataset first = extract(model, definition);
        // id 1: delivery (class 0), phone (0); id 2: billing (1), web (1)
        assertThat(lines(first)).contains("0,0,1", "1,1,2");

        // new rows come first in the query's order: a new class and a new channel, and the known ones again
        sql("insert into tickets select -i, date '2021-01-01' + 50 + i, 'refund', 'chat', -i from"
                + " generate_series(1, 5) i");
        Dataset second = extract(model, definition);

        assertThat(lines(second)).contains("2,2,-1", "0,0,1", "1,1,2").hasSize(45);
        assertThat(second.schema().label()).isEqualTo(new Label("reason", List.of("delivery", "billing", "refund")));
        assertThat(second.schema().features()).containsExactly(Feature.categorical("channel", List.of("phone", "web",
                "chat")), Feature.numeric("age"));
        assertThat(schemaFile(second)).isEqualTo(second.schema());
        assertThat(dictionary.load(model).of(CategoryDictionary.Kind.LABEL, "reason"))
                .containsExactly("delivery", "billing", "refund");
    }

    @Test
    void aFiveClassTextLabelIsCodedInOrderOfFirstAppearance() throws Exception {
        sql("drop table if exists reasons", "create table reasons as select i::bigint as id, date '2021-01-01' + i"
                + " as day, (array['billing', 'delivery', 'damaged', 'refund', 'other'])[1 + i % 5] as reason,"
                + " (i % 7)::float8 as waited from generate_series(1, 100) i");
        String model = model("reasons");

        Dataset dataset = extract(model, definition(model, "multi:softmax", null, "select id, day, reason, waited"
                + " from reasons where day between :dateStart and :dateEnd order by id", "reason", List.of(), null,
                null, null));

        // id 1 delivery 0, 2 damaged 1, 3 refund 2, 4 other 3, 5 billing 4; waited = id % 7
        assertThat(lines(dataset)).contains("0,1", "1,2", "2,3", "3,4", "4,5", "0,6", "1,0").hasSize(100);
        assertThat(dataset.schema().label().classes()).containsExactly("delivery", "damaged", "refund", "other",
                "billing");
        Map<String, Integer> perClass = new HashMap<>();
        lines(dataset).forEach(l -> perClass.merge(l.substring(0, l.indexOf(',')), 1, Integer::sum));
        assertThat(perClass).containsOnlyKeys("0", "1", "2", "3", "4").allSatisfy((k, n) -> assertThat(n)
                .isEqualTo(20));
    }

    @Test
    void aBinaryTextLabelCodesItsPositiveClassAsOneAndAThirdValueFailsTheRun() throws Exception {
        sql("drop table if exists churn", "create table churn as select i::bigint as id, date '2021-01-01' + i"
                + " as day, case when i % 3 = 0 then 'stayed' else 'churned' end as status, i::float8 as tenure"
                + " from generate_series(1, 30) i");
        String model = model("churn");
        ModelDefinition definition = definition(model, "binary:logistic", "churned", "select id, day, status,"
                + " tenure from churn where day between :dateStart and :dateEnd order by id", "status", List.of(),
                null, null, null);

        Dataset dataset = extract(model, definition);

        // id 1 churned (positive, 1) comes first; id 3 stayed is 0
        assertThat(lines(dataset)).contains("1,1", "1,2", "0,3");
        assertThat(dataset.schema().label()).isEqualTo(new Label("status", List.of("stayed", "churned")));

        sql("update churn set status = 'paused' where id = 7");
        assertThatThrownBy(() -> extract(model, definition)).isInstanceOf(ExtractionException.class)
                .hasMessage("row 7 of the query result: label 'paused' is a third class; binary:logistic takes two:"
                        + " 'churned' (positive-class, 1) and 'stayed' (0) (label column 'status'); filter the"
                        + " other values out in the query or use a multi:* objective")
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(FailureKind.BAD_VALUE);
    }

    @Test
    void aCategoricalFeatureOverTheCapFailsTheRunAndStoresNothing() throws Exception {
        diamonds();
        String model = model("diamonds-cap");

        assertThatThrownBy(() -> extract(model, definition(model, "reg:squarederror", null, DIAMONDS, "price",
                List.of(), 2, null, null))).isInstanceOf(ExtractionException.class)
                .hasMessage("categorical feature 'cut': by row 3 the run (with earlier runs' codes) had 3 distinct"
                        + " values, more than data.max-categories (2): an identifier is not a category: list it"
                        + " under ignore-columns, or raise data.max-categories")
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(FailureKind.TOO_MANY_CATEGORIES);
        assertThat(dictionary.load(model).values()).isEmpty();
    }

    /** 25 queries of 4 documents each (ids 1..100, query 'q' || id % 25), relevance id % 4, weight id / 4. */
    private void searches() throws Exception {
        sql("drop table if exists searches", "create table searches as select i::bigint as id, date '2021-01-01' + i"
                + " as day, 'q' || (i % 25) as query_id, (i % 4)::int as relevance, (i / 4.0)::float8 as w,"
                + " (i * 0.5)::float8 as score from generate_series(1, 100) i");
    }

    static final String SEARCHES = "select id, day, query_id, relevance, w, score from searches"
            + " where day between :dateStart and :dateEnd order by id";

    @Test
    void aRankingKeepsWholeGroupsInOneSplitAndWritesGroupIdsAfterTheLabelAndTheWeight() throws Exception {
        searches();
        String model = model("search");

        Dataset dataset = extract(model, definition(model, "rank:ndcg", null, SEARCHES, "relevance", List.of(),
                null, "query_id", "w"));

        Split.Assigner assigner = new Split.Assigner(new dev.treeline.events.definition.SplitSpec(0.7, 0.15, 0.15));
        Map<String, Split> splitOfGroup = new HashMap<>();
        for (Split split : Split.values()) {
            ObjectRef ref = switch (split) {
                case TRAIN -> dataset.splits().train();
                case VALIDATION -> dataset.splits().validation();
                case TEST -> dataset.splits().test();
            };
            for (String line : lines(ref)) {
                String[] fields = line.split(",", -1);
                assertThat(fields).hasSize(4); // label, weight, group id, score
                Split before = splitOfGroup.put(fields[2], split);
                assertThat(before).as("group " + fields[2]).isIn(null, split);
            }
        }
        assertThat(splitOfGroup).hasSize(25);
        // group ids in order of first appearance: id 1 is q1 (group 0), ..., id 24 q24 (23), id 25 q0 (24); a
        // group's split is the hash of its value
        assertThat(splitOfGroup.get("0")).isEqualTo(assigner.of("q1"));
        assertThat(splitOfGroup.get("24")).isEqualTo(assigner.of("q0"));
        // id 1: relevance 1, weight 0.25, group 0, score 0.5; id 50: relevance 2, weight 12.5, q0 = group 24, 25
        assertThat(lines(dataset)).contains("1,0.25,0,0.5", "2,12.5,24,25").hasSize(100);
        DatasetSchema schema = schemaFile(dataset);
        assertThat(schema.weightColumn()).isEqualTo("w");
        assertThat(schema.groupColumn()).isEqualTo("query_id");
        assertThat(schema.leadingColumns()).isEqualTo(3);
        assertThat(schema.featureNames()).containsExactly("score");
    }

    @Test
    void weightsAreWrittenAfterTheLabelAndANegativeOrMissingWeightFailsTheRunNamingTheRow() throws Exception {
        searches();
        String model = model("weighted");
        ModelDefinition definition = TestDefinitions.full(model, "reg:squarederror", null, SEARCHES, "score",
                List.of("day", "query_id"), List.of(), null, null, "w");

        Dataset dataset = extract(model, definition);
        // id 1: score 0.5, weight 0.25, relevance 1
        assertThat(lines(dataset)).contains("0.5,0.25,1").hasSize(100);
        assertThat(dataset.schema().leadingColumns()).isEqualTo(2);

        sql("update searches set w = -2 where id = 9");
        assertThatThrownBy(() -> extract(model, definition)).isInstanceOf(ExtractionException.class)
                .hasMessage("row 9 of the query result: weight -2 in weight column 'w' is negative: sample weights"
                        + " are numbers >= 0");
        sql("update searches set w = null where id = 9");
        assertThatThrownBy(() -> extract(model, definition)).isInstanceOf(ExtractionException.class)
                .hasMessage("row 9 of the query result has no weight (weight column 'w' is NULL or NaN): every row"
                        + " needs a weight >= 0");
    }

    @Test
    void codesAnotherRunStoredMeanwhileFailTheLaterRunAndStoreNothingOfIt() {
        String model = model("race");
        String first = UUID.randomUUID().toString();
        dictionary.append(model, first, List.of(new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, "cut",
                "Ideal", 0), new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, "cut", "Good", 1)));
        // the same codes again (a retried append) are no conflict
        dictionary.append(model, first, List.of(new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, "cut",
                "Good", 1)));

        // a run that loaded the dictionary before the first one stored it gave code 0 to another value
        assertThatThrownBy(() -> dictionary.append(model, UUID.randomUUID().toString(), List.of(
                new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, "color", "E", 0),
                new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, "cut", "Fair", 0))))
                .isInstanceOf(ExtractionException.class)
                .hasMessage("the category dictionary of model '" + model + "' changed while this run extracted"
                        + " (another run of the model added codes): feature 'cut' value 'Fair' (code 0 here, code 0"
                        + " taken by 'Ideal' in the dictionary); nothing was stored, run the model again")
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(FailureKind.DICTIONARY_CONFLICT);
        assertThat(dictionary.load(model).of(CategoryDictionary.Kind.FEATURE, "cut")).containsExactly("Ideal", "Good");
        assertThat(dictionary.load(model).of(CategoryDictionary.Kind.FEATURE, "color")).isEmpty();
    }
}
