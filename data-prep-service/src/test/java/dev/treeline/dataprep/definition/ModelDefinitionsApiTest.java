package dev.treeline.dataprep.definition;

import static dev.treeline.dataprep.definition.DefinitionsClient.model;
import static dev.treeline.dataprep.definition.DefinitionsClient.put;
import static dev.treeline.dataprep.definition.DefinitionsClient.yaml;
import static dev.treeline.support.testing.ServiceApi.asOperator;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Definitions applied, changed, restored, retired and pruned over the API, on the real database and broker. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class ModelDefinitionsApiTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    @Test
    void applyChangeRestoreRetireKeepEveryRevisionAndIdenticalContentMakesNone() {
        put("api-lifecycle", yaml("api-lifecycle", "first", null)).statusCode(201)
                .body("outcome", equalTo("created")).body("revision", equalTo(1));
        // identical content, other formatting and the defaults written out: no revision
        String sameAsJson = ModelDefinitions.canonicalJson(ModelDefinitions.parse(yaml("api-lifecycle", "first",
                null)));
        DefinitionsClient.putJson("api-lifecycle", sameAsJson).statusCode(200).body("outcome", equalTo("unchanged"))
                .body("revision", equalTo(1));
        put("api-lifecycle", yaml("api-lifecycle", "second", "schedule: \"0 0 4 * * ?\"\n")).statusCode(200)
                .body("outcome", equalTo("changed")).body("revision", equalTo(2))
                .body("changes.path", hasItem("description")).body("changes.path", hasItem("schedule"))
                .body("changes.find { it.path == 'description' }.before", equalTo("first"))
                .body("changes.find { it.path == 'description' }.after", equalTo("second"));

        asOperator().when().post("/models/api-lifecycle/revisions/1/restore").then().statusCode(200)
                .body("outcome", equalTo("changed")).body("action", equalTo("restored")).body("revision", equalTo(3));
        JsonPath restored = model("api-lifecycle");
        assertThat(restored.getString("description")).isEqualTo("first");
        assertThat(restored.getString("definition.description")).isEqualTo("first");
        assertThat(restored.getInt("definition.tuning.max-trials")).isEqualTo(30); // defaults written out
        assertThat(restored.getString("owner")).isEqualTo("team-pricing");
        assertThat(restored.getString("source")).isEqualTo("api");
        assertThat(restored.getString("appliedBy")).isEqualTo("test-operator");
        assertThat(restored.getList("revisions.revision")).containsExactly(3, 2, 1);
        assertThat(restored.getList("revisions.action")).containsExactly("restored", "applied", "applied");
        assertThat(restored.getList("revisions.by")).containsOnly("test-operator");
        asViewer().when().get("/models/api-lifecycle/revisions/2").then().statusCode(200)
                .body("definition.description", equalTo("second")).body("action", equalTo("applied"));
        asViewer().when().get("/models/api-lifecycle/revisions/9").then().statusCode(404);

        asOperator().when().delete("/models/api-lifecycle").then().statusCode(200)
                .body("outcome", equalTo("retired")).body("revision", equalTo(4));
        asOperator().when().delete("/models/api-lifecycle").then().statusCode(200)
                .body("outcome", equalTo("unchanged")).body("revision", equalTo(4));
        assertThat(asViewer().when().get("/models").then().statusCode(200).extract().jsonPath()
                .getList("models.name", String.class)).doesNotContain("api-lifecycle").contains("house-prices");
        assertThat(asViewer().when().get("/models?retired=true").then().statusCode(200).extract().jsonPath()
                .getList("models.name", String.class)).contains("api-lifecycle");
        asOperator().contentType(ContentType.JSON).body(Map.of("model", "api-lifecycle")).when().post("/runs").then()
                .statusCode(409).body("detail", containsString("model 'api-lifecycle' is retired"));

        // a PUT brings it back
        put("api-lifecycle", yaml("api-lifecycle", "first", null)).statusCode(200)
                .body("outcome", equalTo("changed")).body("revision", equalTo(5));
        assertThat(model("api-lifecycle").getBoolean("retired")).isFalse();

        // every revision went out on Kafka, in order, keyed by the model
        List<ModelDefinitionChanged> events = TopicReader.valuesUntil(Topics.MODEL_DEFINITIONS, v ->
                Published.decodable(v) && EventCodec.shared().decode(v).payload() instanceof ModelDefinitionChanged c
                        && c.model().equals("api-lifecycle"), 5, Duration.ofSeconds(30)).stream()
                .map(v -> (ModelDefinitionChanged) EventCodec.shared().decode(v).payload()).toList();
        assertThat(events).extracting(ModelDefinitionChanged::revision).containsExactly(1, 2, 3, 4, 5);
        assertThat(events).extracting(ModelDefinitionChanged::retired).containsExactly(false, false, false, true,
                false);
        assertThat(events.get(1).definition().description()).isEqualTo("second");
        assertThat(events.get(0).source()).isEqualTo("api");
        assertThat(events.get(0).by()).isEqualTo("test-operator");
        assertThat(events.get(0).contentHash()).isEqualTo(restored.getString("contentHash"));
    }

    @Test
    void aDryRunAppliesNothingAndAnswersTheReportWithTheOutcomeItWouldHave() {
        JsonPath dry = asOperator().contentType("application/yaml").body(yaml("dry-only", "x", null)
                .getBytes(StandardCharsets.UTF_8)).when().put("/models/dry-only?dryRun=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(dry.getString("outcome")).isEqualTo("created");
        assertThat(dry.getBoolean("valid")).isTrue();
        assertThat(dry.getList("columns.name")).containsExactly("id", "price", "size_m2", "rooms");
        assertThat(dry.getList("columns.usage")).containsExactly("key", "label", "feature", "feature");
        assertThat(dry.getList("changes")).isNotEmpty();
        asViewer().when().get("/models/dry-only").then().statusCode(404);
        // the current definition, dry-run: an empty body
        asOperator().when().post("/models/house-prices/validate?rows=5").then().statusCode(200)
                .body("valid", equalTo(true)).body("rowLimit", equalTo(5));
        asOperator().contentType("application/yaml").body("name: house-prices\ndata: {}\n"
                .getBytes(StandardCharsets.UTF_8)).when().post("/models/house-prices/validate").then()
                .statusCode(200).body("valid", equalTo(false))
                .body("problems.field", hasItem(org.hamcrest.Matchers.startsWith("data")));
    }

    @Test
    void kickoffOfAnUnknownModelIsRefused() {
        asOperator().contentType(ContentType.JSON).body(Map.of("model", "never-defined")).when().post("/runs").then()
                .statusCode(404).body("detail", containsString("no model named 'never-defined' is defined"));
        asViewer().when().get("/models/never-defined").then().statusCode(404);
    }

    @Test
    void anInvalidDefinitionIsRefusedWithEveryProblemAndANameOtherThanThePathToo() {
        asOperator().contentType("application/yaml").body("name: bad-one\ndata: {}\n".getBytes(StandardCharsets.UTF_8)).when()
                .put("/models/bad-one").then().statusCode(400).body("violations.size()",
                        org.hamcrest.Matchers.greaterThan(0));
        asOperator().contentType("application/yaml").body("name: [unclosed".getBytes(StandardCharsets.UTF_8)).when().put("/models/bad-one").then()
                .statusCode(400);
        put("other-name", yaml("not-other-name", "x", null)).statusCode(400)
                .body("violations[0].field", equalTo("name"));
        asViewer().when().get("/models/bad-one").then().statusCode(404);
    }

    @Test
    void anApiChangeToAFolderOwnedDefinitionIsRefused() {
        JsonPath folderOwned = model("house-prices");
        assertThat(folderOwned.getString("source")).isEqualTo("folder");
        assertThat(folderOwned.getString("origin")).isEqualTo("house-prices.yaml");
        assertThat(folderOwned.getString("appliedBy")).isEqualTo("folder");
        put("house-prices", yaml("house-prices", "taken over", null)).statusCode(409)
                .body("detail", containsString("model house-prices is defined by file house-prices.yaml in the"
                        + " definitions folder"))
                .body("detail", containsString("change the file instead"));
        asOperator().when().delete("/models/house-prices").then().statusCode(409);
        asOperator().when().post("/models/house-prices/revisions/1/restore").then().statusCode(409);
        assertThat(model("house-prices").getInt("revision")).isEqualTo(folderOwned.getInt("revision"));
    }

    @Test
    void aBatchIsAppliedInOneGoPrunesApiOwnedModelsAndAppliesNothingWhenOneIsInvalid() {
        String a = json(yaml("batch-a", "a", null));
        String b = json(yaml("batch-b", "b", null));
        String c = json(yaml("batch-c", "c", null));
        batch("[" + a + "," + b + "]", false, false).statusCode(200)
                .body("results.outcome", equalTo(List.of("created", "created")));

        // invalid: nothing applied, violations prefixed by the model
        batch("[" + c + ",{\"name\":\"batch-d\",\"data\":{}}]", false, false).statusCode(400)
                .body("violations.field", hasItem(org.hamcrest.Matchers.startsWith("batch-d: ")));
        asViewer().when().get("/models/batch-c").then().statusCode(404);

        // dry run: the answer, nothing applied
        batch("[" + a + "," + c + "]", true, true).statusCode(200).body("results.find { it.name == 'batch-c' }"
                + ".outcome", equalTo("created")).body("results.find { it.name == 'batch-b' }.outcome",
                equalTo("pruned"));
        asViewer().when().get("/models/batch-c").then().statusCode(404);
        assertThat(model("batch-b").getBoolean("retired")).isFalse();

        JsonPath pruned = batch("[" + a + "," + c + "]", true, false).statusCode(200).extract().jsonPath();
        assertThat(pruned.getString("results.find { it.name == 'batch-a' }.outcome")).isEqualTo("unchanged");
        assertThat(pruned.getString("results.find { it.name == 'batch-c' }.outcome")).isEqualTo("created");
        assertThat(pruned.getString("results.find { it.name == 'batch-b' }.outcome")).isEqualTo("pruned");
        assertThat(pruned.getList("results.name", String.class)).doesNotContain("house-prices"); // folder-owned
        assertThat(model("batch-b").getBoolean("retired")).isTrue();
        assertThat(model("house-prices").getBoolean("retired")).isFalse();
    }

    @Test
    void twoConcurrentAppliesOfTheSameContentMakeOneRevision() throws Exception {
        String body = yaml("concurrent", "same", null);
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> puts = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return put("concurrent", body).extract().statusCode();
        })).toList();
        assertThat(puts.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(201, 200);
        assertThat(model("concurrent").getList("revisions")).hasSize(1);
    }

    @Test
    void datasetReadyCarriesTheTuningSectionAndTheRevisionTheRunWasRequestedWith() {
        String tuning = """
                tuning:
                  strategy: RANDOM
                  max-trials: 7
                  parallel-trials: 1
                  seed: 42
                  ranges:
                    eta: {min: 0.01, max: 0.3, scale: LOG}
                  static-parameters:
                    max_depth: "4"
                """;
        put("tuned", yaml("tuned", "first", tuning)).statusCode(201);
        put("tuned", yaml("tuned", "second", tuning)).statusCode(200).body("revision", equalTo(2));
        String runId = RunsClient.start("tuned");
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getInt("definitionRevision")).isEqualTo(2);
        assertThat(run.getInt("definition.tuning.max-trials")).isEqualTo(7);

        EventEnvelope<DatasetReady> ready = Published.only(Topics.DATASETS, runId, DatasetReady.class);
        DatasetReady dataset = ready.payload();
        assertThat(dataset.definitionRevision()).isEqualTo(2);
        assertThat(dataset.objectiveMetric()).isEqualTo("rmse");
        TuningSection section = dataset.tuning();
        assertThat(section.strategy()).isEqualTo(TuningStrategy.RANDOM);
        assertThat(section.maxTrials()).isEqualTo(7);
        assertThat(section.parallelTrials()).isEqualTo(1);
        assertThat(section.seed()).isEqualTo(42L);
        assertThat(section.earlyStoppingRounds()).isEqualTo(10); // a default, written out
        assertThat(section.ranges().get("eta").scale()).isEqualTo(TuningSection.Scale.LOG);
        assertThat(section.staticParameters()).containsEntry("max_depth", "4");
    }

    @Test
    void aRunInProgressKeepsTheRevisionItStartedWith() {
        String slow = yaml("slow-revision", "first", null).replace("select id, price, size_m2, rooms from"
                + " house_sales where", "select h.id, h.price, h.size_m2 from house_sales h, (select pg_sleep(2))"
                + " pause where");
        put("slow-revision", slow).statusCode(201);
        String runId = RunsClient.start("slow-revision");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "EXTRACTING".equals(RunsClient.run(runId).getString("status")));
        // changed while the run is extracting: a label the query does not even return
        put("slow-revision", slow.replace("label-column: price", "label-column: no_such_column")).statusCode(200)
                .body("revision", equalTo(2));
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getInt("definitionRevision")).isEqualTo(1);
        assertThat(Published.only(Topics.DATASETS, runId, DatasetReady.class).payload().definitionRevision())
                .isEqualTo(1);
        assertThat(model("slow-revision").getInt("revision")).isEqualTo(2);
        assertThat(model("slow-revision").getString("lastRun.runId")).isEqualTo(runId);
    }

    private static String json(String yaml) {
        return ModelDefinitions.canonicalJson(ModelDefinitions.parse(yaml));
    }

    private static io.restassured.response.ValidatableResponse batch(String definitions, boolean prune,
            boolean dryRun) {
        return asOperator().contentType(ContentType.JSON).body("{\"definitions\":" + definitions + ",\"prune\":"
                + prune + ",\"dryRun\":" + dryRun + "}").when().put("/models").then();
    }
}
