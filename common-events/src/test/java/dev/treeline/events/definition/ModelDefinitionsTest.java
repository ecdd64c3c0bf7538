package dev.treeline.events.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.treeline.events.TuningStrategy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ModelDefinitionsTest {

    static final String MINIMAL = """
            name: house-prices
            data:
              query: select id, price, size_m2 from house_sales where sold_on between :dateStart and :dateEnd
              label-column: price
              key-column: id
            task:
              objective: reg:squarederror
            """;

    @Test
    void minimalDefinitionGetsEveryDefault() {
        ModelDefinition d = ModelDefinitions.parse(MINIMAL);

        assertEquals("default", d.data().layer());
        assertEquals(LocalDate.of(2000, 1, 1), d.data().window().start());
        assertEquals(30, d.data().window().pushbackDays());
        assertEquals(0.7, d.data().split().train());
        assertEquals(List.of(), d.data().featureColumns());
        assertEquals("rmse", d.task().objectiveMetric());
        assertEquals(TuningStrategy.BAYESIAN, d.tuning().strategy());
        assertEquals(30, d.tuning().maxTrials());
        assertEquals(Duration.ofHours(6), d.drift().cooldown());
        assertEquals(false, d.serving().preload());
        assertEquals(null, d.schedule());
        assertEquals(List.of(), d.tags());
    }

    @Test
    void writingTheDefaultsOutDoesNotChangeTheContentHash() {
        ModelDefinition minimal = ModelDefinitions.parse(MINIMAL);
        ModelDefinition explicit = ModelDefinitions.parse(ModelDefinitions.toYaml(minimal));

        assertEquals(minimal, explicit);
        assertEquals(ModelDefinitions.contentHash(minimal), ModelDefinitions.contentHash(explicit));
    }

    @Test
    void jsonAndYamlOfTheSameDefinitionHashAlike() {
        ModelDefinition yaml = ModelDefinitions.parse(MINIMAL);
        ModelDefinition json = ModelDefinitions.parse(ModelDefinitions.canonicalJson(yaml));

        assertEquals(ModelDefinitions.contentHash(yaml), ModelDefinitions.contentHash(json));
    }

    @Test
    void anyChangeChangesTheHashAndTheDiffNamesTheField() {
        ModelDefinition before = ModelDefinitions.parse(MINIMAL);
        ModelDefinition after = ModelDefinitions.parse(MINIMAL + "tuning:\n  max-trials: 12\nschedule: 0 0 3 * * ?\n");

        assertNotEquals(ModelDefinitions.contentHash(before), ModelDefinitions.contentHash(after));
        List<ModelDefinitions.Change> diff = ModelDefinitions.diff(before, after);
        assertEquals(List.of("schedule", "tuning.max-trials"), diff.stream().map(ModelDefinitions.Change::path).toList());
        assertEquals(30, diff.get(1).before().intValue());
        assertEquals(12, diff.get(1).after().intValue());
        assertTrue(diff.get(0).before() == null);
    }

    @Test
    void staticParametersKeepTheirValueAsText() {
        ModelDefinition d = ModelDefinitions.parse(MINIMAL + "tuning:\n  static-parameters:\n    tree_method: hist\n"
                + "    max_depth: 6\n    eta: 0.1\n");

        assertEquals(Map.of("tree_method", "hist", "max_depth", "6", "eta", "0.1"), d.tuning().staticParameters());
    }

    @Test
    void durationsAndDatesAreWrittenAsIsoText() {
        ModelDefinition d = ModelDefinitions.parse(MINIMAL.replace("  key-column: id\n",
                "  key-column: id\n  statement-timeout: PT10M\n  window:\n    start: 2024-03-01\n"));
        JsonNode tree = ModelDefinitions.toTree(d);

        assertEquals("PT10M", tree.at("/data/statement-timeout").asText());
        assertEquals("2024-03-01", tree.at("/data/window/start").asText());
        assertEquals("PT6H", tree.at("/drift/cooldown").asText());
    }

    @Test
    void textThatIsNotYamlSaysWhere() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
                () -> ModelDefinitions.readTree("name: [unclosed\n"));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        assertThrows(InvalidDefinitionException.class, () -> ModelDefinitions.readTree("  "));
    }

    /** The schema and the records must name the same fields, or editors and the validator drift apart. */
    @Test
    void schemaNamesExactlyTheRecordsFields() throws Exception {
        JsonNode schema = ModelDefinitions.json().readTree(ModelDefinitions.schema());
        // every optional field given, so every field is written
        JsonNode everyField = ModelDefinitions.toTree(ModelDefinitions.parse(MINIMAL.replace("  key-column: id\n",
                "  key-column: id\n  statement-timeout: PT1M\n  categorical-columns: [rooms]\n  max-categories: 50\n"
                        + "  group-column: g\n  weight-column: w\n").replace("  objective: reg:squarederror\n",
                        "  objective: binary:logistic\n  positive-class: sold\n")
                + "description: d\nowner: o\nschedule: 0 0 3 * * ?\ntuning:\n  seed: 1\n"));
        assertFieldsMatch("", schema, everyField);
    }

    private static void assertFieldsMatch(String path, JsonNode schema, JsonNode value) {
        Set<String> declared = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(declared::add);
        Set<String> written = new TreeSet<>();
        value.fieldNames().forEachRemaining(written::add);
        assertEquals(declared, written, "fields of " + (path.isEmpty() ? "the definition" : path));
        for (String field : written) {
            JsonNode child = schema.get("properties").get(field);
            if (value.get(field).isObject() && child.has("properties")) {
                assertFieldsMatch(path + "/" + field, child, value.get(field));
            }
        }
    }
}
