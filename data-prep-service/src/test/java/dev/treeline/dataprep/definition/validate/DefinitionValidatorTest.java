package dev.treeline.dataprep.definition.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;

class DefinitionValidatorTest {

    static final String VALID = """
            name: house-prices
            description: Sale price of a house
            owner: pricing-team
            tags: [demo]
            data:
              query: select id, price, size_m2, rooms from house_sales where sold_on between :dateStart and :dateEnd
              window: {start: 2020-01-01, pushback-days: 30}
              label-column: price
              key-column: id
              feature-columns: [size_m2, rooms]
            task: {objective: reg:squarederror}
            tuning:
              max-trials: 10
              ranges:
                eta: {min: 0.05, max: 0.3, scale: LOG}
            schedule: 0 0 3 * * ?
            drift: {threshold: 0.3, cooldown: PT6H}
            """;
    static final String REMOVE = "<remove>";

    static final Validator BEANS = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    /** One for all rows: building the schema and the validator factory is the slow part. */
    static final DefinitionValidator validator = new DefinitionValidator(BEANS,
            Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));

    /** The valid document with {@code path} set to the YAML {@code value} (or removed). */
    static JsonNode with(String path, String value) {
        JsonNode tree = ModelDefinitions.readTree(VALID);
        String[] keys = path.split("\\.");
        ObjectNode parent = (ObjectNode) tree;
        for (int i = 0; i < keys.length - 1; i++) {
            parent = parent.has(keys[i]) ? (ObjectNode) parent.get(keys[i]) : parent.putObject(keys[i]);
        }
        String last = keys[keys.length - 1];
        if (REMOVE.equals(value)) {
            parent.remove(last);
        } else {
            parent.set(last, ModelDefinitions.readTree(value));
        }
        return tree;
    }

    @Test
    void aValidDocumentBindsWithDefaultsFilled() {
        DefinitionValidator.Checked checked = validator.check(ModelDefinitions.readTree(VALID));

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.valid()).isTrue();
        ModelDefinition definition = checked.definition();
        assertThat(definition.task().objectiveMetric()).isEqualTo("rmse");
        assertThat(definition.data().split().train()).isEqualTo(0.7);
    }

    static Stream<Arguments> acceptable() {
        return Stream.of(
                Arguments.of("the key listed as a feature", "data.feature-columns", "[id, size_m2, rooms]"),
                Arguments.of("a static parameter of any name", "tuning.static-parameters", "{my_param: 3}"),
                Arguments.of("no schedule", "schedule", REMOVE),
                Arguments.of("a query using a parameter twice", "data.query", "select id, price, size_m2, rooms"
                        + " from t where d between :dateStart and :dateEnd and e <= :dateEnd"),
                Arguments.of("a split adding up to 1 within 1e-9", "data.split",
                        "{train: 0.6, validation: 0.3, test: 0.1}"),
                Arguments.of("every column ignored but features", "data.ignore-columns", "[sold_on]"),
                Arguments.of("a listed feature read as categories", "data.categorical-columns", "[rooms]"),
                Arguments.of("a binary text label with its positive class", "task", "{objective: binary:logistic,"
                        + " positive-class: churned}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptable")
    void acceptable(String title, String path, String value) {
        assertThat(validator.check(with(path, value)).problems()).isEmpty();
    }

    @Test
    void aRankingWithItsQueryGroupsAndWeightsIsValid() {
        JsonNode document = with("data", "{query: 'select 1 where :dateStart <= :dateEnd', label-column: relevance,"
                + " key-column: id, group-column: query_id, weight-column: w}");
        ((ObjectNode) document).set("task", ModelDefinitions.readTree("{objective: rank:ndcg}"));

        DefinitionValidator.Checked checked = validator.check(document);

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.definition().data().groupColumn()).isEqualTo("query_id");
        assertThat(checked.definition().data().weightColumn()).isEqualTo("w");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "the group is the label | group-column: relevance | data.group-column | 'relevance' is also the label"
                    + " column; the group column has a role of its own",
            "the group is ignored | group-column: q, ignore-columns: [q] | data.group-column | 'q' is also ignored",
            "the weight is the group | group-column: q, weight-column: q | data.weight-column | 'q' is also the group"
                    + " column",
            "the group is a listed feature | group-column: q, feature-columns: [q, x] | data.group-column | 'q' is"
                    + " listed in feature-columns too; the group column is not a feature"})
    void aRankingsGroupColumnHasARoleOfItsOwn(String title, String fields, String field, String message) {
        JsonNode document = with("data", "{query: 'select 1 where :dateStart <= :dateEnd', label-column: relevance,"
                + " key-column: id, " + fields + "}");
        ((ObjectNode) document).set("task", ModelDefinitions.readTree("{objective: rank:pairwise}"));

        List<Violation> problems = validator.check(document).problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).contains(message);
        });
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                row("unknown top-level key", "colour", "red", "colour",
                        "unknown key 'colour'; allowed here: name, description, owner, tags, data, task, tuning,"
                                + " schedule, drift, serving"),
                row("unknown key in a section", "data.label", "price", "data.label",
                        "unknown key 'label'; allowed here: layer, query, window, label-column, key-column, split,"
                                + " feature-columns, ignore-columns, statement-timeout"),
                row("unknown key in a range", "tuning.ranges.eta", "{min: 0.1, max: 0.3, step: 1}",
                        "tuning.ranges.eta.step", "allowed here: min, max, scale, integer"),
                row("text where a number belongs", "tuning.max-trials", "many", "tuning.max-trials",
                        "must be a whole number, not text (\"many\")"),
                row("a number where text belongs", "data.query", "5", "data.query", "must be text, not the whole"
                        + " number 5"),
                row("text where a list belongs", "tags", "demo", "tags", "must be a list, not text"),
                row("a list where a value belongs", "tuning.static-parameters", "{eta: [1]}",
                        "tuning.static-parameters.eta", "must be text or a number or true or false, not a list"),
                row("required key missing", "data.key-column", REMOVE, "data.key-column", "is missing"),
                row("required section missing", "task", REMOVE, "task", "is missing"),
                row("unknown objective", "task.objective", "survival:cox", "task.objective",
                        "must be one of reg:squarederror, reg:squaredlogerror, "),
                row("metric name that is no metric", "task.objective-metric", "'r squared'",
                        "task.objective-metric", "r squared"),
                row("bad model name", "name", "House_Prices", "name", "1-63 lowercase letters, digits or '-'"),
                row("bad tag", "tags", "[' demo']", "tags[0]", "must be 1-63 letters, digits"),
                row("a tag twice", "tags", "[demo, demo]", "tags", "lists 'demo' more than once"),
                row("negative pushback", "data.window.pushback-days", "-1", "data.window.pushback-days",
                        "must be at least 0 (not -1)"),
                row("split fraction above 1", "data.split", "{train: 1.5}", "data.split.train",
                        "must be at most 1 (not 1.5)"),
                row("split fraction zero", "data.split", "{train: 0.85, validation: 0.15, test: 0}",
                        "data.split.test", "must be greater than 0 (not 0)"),
                row("empty label column", "data.label-column", "''", "data.label-column", "must not be empty"),
                row("timeout not a duration", "data.statement-timeout", "10m", "data.statement-timeout",
                        "must be an ISO-8601 duration such as PT10M"),
                row("cooldown negative", "drift.cooldown", "-PT1H", "drift.cooldown",
                        "must be an ISO-8601 duration"),
                row("date that does not exist", "data.window.start", "2024-13-45", "data.window.start",
                        "'2024-13-45' is not a date (YYYY-MM-DD)"),
                row("range name not a parameter name", "tuning.ranges", "{Eta: {min: 0.1, max: 0.3}}",
                        "tuning.ranges.Eta", "'Eta' is not an XGBoost parameter name"),
                row("range without max", "tuning.ranges", "{eta: {min: 0.1}}", "tuning.ranges.eta.max",
                        "is missing"),
                row("cron with five fields", "schedule", "0 3 * * *", "schedule",
                        "'0 3 * * *' is not a Quartz cron expression"),
                row("cron with both day fields", "schedule", "0 0 3 * * *", "schedule",
                        "Both, a day-of-week AND a day-of-month parameter, are not supported"),
                row("cron hour out of range", "schedule", "0 0 25 * * ?", "schedule", "Value 25 not in range"),
                row("query without :dateEnd", "data.query", "select id, price, size_m2, rooms from t where d >="
                        + " :dateStart", "data.query", "the query does not use :dateEnd"),
                row("query with ? placeholders", "data.query", "select * from t where d between ? and ?",
                        "data.query", "use :dateStart and :dateEnd, not '?' placeholders"),
                row("query with an unknown parameter", "data.query", "select * from t where d between :dateStart"
                        + " and :dateEnd and r = :region", "data.query", "unknown parameter :region"),
                row("split not adding up to 1", "data.split", "{train: 0.7, validation: 0.2, test: 0.2}",
                        "data.split", "train, validation and test must add up to 1; they add up to 1.1"),
                row("range min not below max", "tuning.ranges", "{eta: {min: 0.5, max: 0.1}}",
                        "tuning.ranges.eta.min", "min (0.5) must be less than max (0.1)"),
                row("log range from zero", "tuning.ranges", "{lambda: {min: 0, max: 10, scale: LOG}}",
                        "tuning.ranges.lambda.min", "a LOG range needs min > 0 (not 0)"),
                row("integer range with a fraction", "tuning.ranges", "{max_depth: {min: 2, max: 8.5, integer:"
                        + " true}}", "tuning.ranges.max_depth.max", "an integer range needs whole-number bounds"
                        + " (not 8.5)"),
                row("key is the label", "data.key-column", "price", "data.key-column",
                        "'price' is also the label column"),
                row("label among the features", "data.feature-columns", "[price, rooms]",
                        "data.feature-columns", "lists the label column 'price'"),
                row("label ignored", "data.ignore-columns", "[price]", "data.ignore-columns",
                        "lists the label column 'price'"),
                row("key ignored", "data.ignore-columns", "[id]", "data.ignore-columns",
                        "lists the key column 'id'"),
                row("a feature also ignored", "data.ignore-columns", "[rooms]", "data.ignore-columns",
                        "lists 'rooms', which feature-columns lists too"),
                row("metric of another objective", "task", "{objective: reg:squarederror, objective-metric:"
                        + " logloss}", "task.objective-metric", "logloss does not fit reg:squarederror; use one of rmse, mae, rmsle,"
                        + " mape"),
                row("probability metric of binary:hinge", "task", "{objective: binary:hinge, objective-metric:"
                        + " validation:auc}", "task.objective-metric", "auc does not fit binary:hinge; use one of"
                        + " error"),
                row("ranking without query groups", "task", "{objective: rank:ndcg}", "task.objective",
                        "rank:ndcg needs data.group-column: the query id column"),
                row("query groups for a regression", "data.group-column", "query_id", "data.group-column",
                        "'query_id' groups rows for ranking; reg:squarederror is not a ranking objective"),
                row("positive-class for a regression", "task", "{objective: reg:squarederror, positive-class: churned}",
                        "task.positive-class", "is for binary objectives with a text label; reg:squarederror is not"
                                + " binary: remove positive-class"),
                row("the weight is the label", "data.weight-column", "price", "data.weight-column",
                        "'price' is also the label column; the weight column has a role of its own"),
                row("the weight is a listed feature", "data.weight-column", "rooms", "data.weight-column",
                        "'rooms' is listed in feature-columns too; the weight column is not a feature"),
                row("a categorical column that is not a listed feature", "data.categorical-columns", "[city]",
                        "data.categorical-columns", "lists 'city', which is not a feature (feature-columns does not"
                                + " list it)"),
                row("a categorical column that is the label", "data.categorical-columns", "[price]",
                        "data.categorical-columns", "lists 'price', which is not a feature (it is the label"
                                + " column)"),
                row("zero statement timeout", "data.statement-timeout", "PT0S", "data.statement-timeout",
                        "must be longer than zero"),
                row("window starting in the future", "data.window.start", "2027-01-01", "data.window.start",
                        "2027-01-01 is in the future (today is 2026-12-02)"));
    }

    static Arguments row(String title, String path, String value, String field, String message) {
        return Arguments.of(title, path, value, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void eachProblemIsNamedWithItsPathAndWhy(String title, String path, String value, String field,
            String message) {
        DefinitionValidator.Checked checked = validator.check(with(path, value));

        assertThat(checked.valid()).isFalse();
        assertThat(checked.definition()).isNull();
        assertThat(checked.problems()).as("exactly one problem").hasSize(1);
        assertThat(checked.problems().get(0).field()).isEqualTo(field);
        assertThat(checked.problems().get(0).message()).contains(message);
    }

    @ParameterizedTest(name = "{0} tuned on {1}")
    @CsvSource({"reg:squarederror, validation:mae, mae", "reg:gamma, , gamma-nloglik",
            "count:poisson, poisson-nloglik, poisson-nloglik", "binary:logistic, validation:AUC, auc",
            "binary:logitraw, , auc", "multi:softprob, validation:merror, merror", "multi:softmax, , merror",
            "reg:quantileerror, , quantile", "reg:tweedie, , tweedie-nloglik"})
    void aMetricThatFitsItsObjectiveIsAcceptedWithSageMakersName(String objective, String metric, String stored) {
        String task = "{objective: " + objective + (metric == null ? "" : ", objective-metric: " + metric) + "}";

        DefinitionValidator.Checked checked = validator.check(with("task", task));

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.definition().task().objectiveMetric()).isEqualTo(stored);
    }

    @Test
    void everythingWrongAtOnceIsReportedAtOnce() {
        JsonNode document = ModelDefinitions.readTree("""
                name: House_Prices
                colour: red
                data:
                  query: select * from house_sales where sold_on >= :dateStart
                  window: {start: 2030-01-01, pushback-days: many}
                  label-column: price
                  key-column: price
                  split: {train: 0.5, validation: 0.1, test: 0.1}
                  feature-columns: [price, rooms]
                  ignore-columns: [rooms]
                  statement-timeout: PT0S
                task: {objective: binary:logistic, objective-metric: rmse}
                tuning:
                  max-trials: 0
                  ranges:
                    eta: {min: 0, max: 0, scale: LOG}
                    max_depth: {min: 1.5, max: 8, integer: true}
                schedule: every night
                drift: {threshold: -1}
                serving: {preload: sometimes}
                """);

        DefinitionValidator.Checked checked = validator.check(document);

        assertThat(checked.definition()).isNull();
        assertThat(checked.problems()).extracting(Violation::field).containsExactlyInAnyOrder(
                "name", "colour", "data.window.pushback-days", "tuning.max-trials", "drift.threshold",
                "serving.preload",
                "schedule", "data.query", "data.window.start", "data.split", "data.key-column",
                "data.feature-columns", "data.ignore-columns", "data.statement-timeout",
                "task.objective-metric", "tuning.ranges.eta.min", "tuning.ranges.eta.min",
                "tuning.ranges.max_depth.min");
        assertThat(checked.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @Test
    void aDocumentThatIsNoSectionIsOneProblem() {
        List<Violation> problems = validator.check(ModelDefinitions.readTree("[1, 2]")).problems();

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).field()).isEmpty();
        assertThat(problems.get(0).message()).contains("must be a section of keys and values, not a list");
    }
}
