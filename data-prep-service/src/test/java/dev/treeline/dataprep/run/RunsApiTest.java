package dev.treeline.dataprep.run;

import static dev.treeline.support.testing.ServiceApi.asOperator;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static dev.treeline.support.testing.ServiceApi.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.support.testing.ServiceApi;
import dev.treeline.dataprep.Published;
import dev.treeline.dataprep.RunsClient;
import dev.treeline.dataprep.WarehouseFixture;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.security.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The runs API and run execution against the real PostgreSQL (service DB and warehouse), Kafka and S3. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class RunsApiTest {

    @Inject
    @DataSource("warehouse")
    AgroalDataSource warehouse;
    @Inject
    ObjectStore store;

    @BeforeEach
    void warehouseTable() throws Exception {
        WarehouseFixture.houseSales(warehouse);
    }

    @Test
    void manualRunAnswers202AsTheTokensUserThenBecomesReadyWithLineageAndPublishesDatasetReady() {
        Response accepted = ServiceApi.as("alice", Roles.OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("model", "house-prices", "testing", true, "requestedBy", "mallory"))
                .when().post("/runs");
        accepted.then().statusCode(202).body("status", equalTo("REQUESTED")).body("reason", equalTo("MANUAL"))
                .body("requestedBy", equalTo("alice")).body("runId", notNullValue());
        String runId = accepted.path("runId");
        assertThat(accepted.header("Location")).endsWith("/runs/" + runId);

        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("READY");
        assertThat(run.getLong("rows.total")).isEqualTo(970);
        assertThat(run.getLong("rows.train") + run.getLong("rows.validation") + run.getLong("rows.test"))
                .isEqualTo(970);
        assertThat(run.getString("window.start")).isEqualTo("2020-01-01");
        assertThat(run.getString("query")).contains(":dateStart");
        assertThat(run.getString("queryParameters.dateStart")).isEqualTo("2020-01-01");
        assertThat(run.getList("featureNames")).containsExactly("size_m2", "rooms");
        assertThat(run.getString("datasets.train.key")).isEqualTo("datasets/house-prices/" + runId + "/train.csv");
        assertThat(run.getString("datasets.test.sha256")).hasSize(64);
        assertThat(run.getString("definition.data.label-column")).isEqualTo("price");
        assertThat(run.getInt("timings.attempts")).isEqualTo(1);
        assertThat(run.getString("finishedAt")).isNotNull();

        EventEnvelope<DatasetReady> ready = Published.only(Topics.DATASETS, runId, DatasetReady.class);
        DatasetReady dataset = ready.payload();
        assertThat(ready.subject()).isEqualTo("house-prices");
        assertThat(dataset.runId()).isEqualTo(runId);
        assertThat(dataset.lineage().labelColumn()).isEqualTo("price");
        assertThat(dataset.lineage().featureNames()).containsExactly("size_m2", "rooms");
        assertThat(dataset.testing()).isTrue();
        assertThat(dataset.lineage().splits().validation().rows()).isEqualTo(run.getLong("rows.validation"));
        assertThat(new String(store.read(dataset.lineage().splits().train()))).contains("1105.00,50,2\n").doesNotContain("price");
        // every dataset has its schema.json, also an all-numeric one; read() checks its SHA-256
        ObjectRef schema = dataset.lineage().splits().schema();
        assertThat(schema.key()).isEqualTo("datasets/house-prices/" + runId + "/schema.json");
        assertThat(run.getString("datasets.schema.sha256")).isEqualTo(schema.sha256());
        assertThat(DatasetSchema.fromJson(store.read(schema))).isEqualTo(DatasetSchema.numeric("price",
                List.of("size_m2", "rooms")));
    }

    @Test
    void concurrentKickoffsForOneModelStartExactlyOneRunAndTheOthersGet409NamingIt() throws Exception {
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<Response> post = () -> {
                go.await();
                return asOperator().contentType(ContentType.JSON).body(Map.of("model", "slow-prices", "testing", true))
                        .when().post("/runs");
            };
            answers.add(pool.submit(post));
        }
        go.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : answers) {
            responses.add(f.get());
        }
        pool.shutdown();

        List<Response> started = responses.stream().filter(r -> r.statusCode() == 202).toList();
        List<Response> conflicts = responses.stream().filter(r -> r.statusCode() == 409).toList();
        assertThat(started).hasSize(1);
        assertThat(conflicts).hasSize(callers - 1);
        String runId = started.get(0).path("runId");
        for (Response conflict : conflicts) {
            assertThat(conflict.contentType()).startsWith("application/problem+json");
            assertThat(conflict.<String>path("activeRunId")).isEqualTo(runId);
            assertThat(conflict.<String>path("detail")).contains(runId);
        }
        assertThat(RunsClient.awaitFinished(runId).getString("status")).isEqualTo("READY");
        // the model is free again
        assertThat(RunsClient.awaitFinished(RunsClient.start("slow-prices")).getString("status")).isEqualTo("READY");
    }

    @Test
    void unknownModelIs404() {
        asOperator().contentType(ContentType.JSON).body(Map.of("model", "no-such-model")).when().post("/runs")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no model named 'no-such-model' is defined"));
    }

    @Test
    void badBodiesAre400() {
        asOperator().contentType(ContentType.JSON).body(Map.of("testing", true)).when().post("/runs")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("model"));
        asOperator().contentType(ContentType.JSON).body(Map.of("model", "Not A Name")).when().post("/runs")
                .then().statusCode(400).contentType("application/problem+json");
        asOperator().contentType(ContentType.JSON).body("{\"model\": ").when().post("/runs")
                .then().statusCode(400).contentType("application/problem+json");
        asViewer().when().get("/runs?status=SLEEPING").then().statusCode(400)
                .body("detail", containsString("unknown status 'SLEEPING'"));
    }

    @Test
    void aTextColumnBecomesACategoricalFeatureWhoseCategoriesTheDatasetReadyCarriesInSchemaJson() {
        String runId = RunsClient.start("house-cities");
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).as(run.getString("failureReason")).isEqualTo("READY");

        DatasetReady dataset = Published.only(Topics.DATASETS, runId, DatasetReady.class).payload();
        DatasetSchema schema = DatasetSchema.fromJson(store.read(dataset.lineage().splits().schema()));
        // ids 31, 32, 33 come first: city-1, city-2, city-0 (codes 0, 1, 2; kept by every later run of the model)
        assertThat(schema.features()).containsExactly(DatasetSchema.Feature.numeric("size_m2"),
                DatasetSchema.Feature.categorical("city", List.of("city-1", "city-2", "city-0")));
        // id 42: price 1105.00, size 50, city-0
        assertThat(new String(store.read(dataset.lineage().splits().train()))
                + new String(store.read(dataset.lineage().splits().validation()))
                + new String(store.read(dataset.lineage().splits().test()))).contains("\n1105.00,50,2\n");
    }

    @Test
    void unknownRunIs404() {
        asViewer().when().get("/runs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        asViewer().when().get("/runs/not-a-uuid").then().statusCode(404);
    }

    @Test
    void listFiltersByModelAndStatusNewestFirst() {
        String failed = RunsClient.start("no-label");
        RunsClient.awaitFinished(failed);
        String first = RunsClient.start("house-prices-all");
        RunsClient.awaitFinished(first);
        String second = RunsClient.start("house-prices-all");
        RunsClient.awaitFinished(second);

        List<String> ids = asViewer().when().get("/runs?model=house-prices-all&status=ready").then().statusCode(200)
                .extract().jsonPath().getList("runId");
        assertThat(ids).startsWith(second, first).doesNotContain(failed);
        List<String> failedIds = asViewer().when().get("/runs?status=FAILED").then().statusCode(200)
                .extract().jsonPath().getList("runId");
        assertThat(failedIds).contains(failed).doesNotContain(first, second);
    }

    private static JsonPath failedRun(String model) {
        String runId = RunsClient.start(model);
        JsonPath run = RunsClient.awaitFinished(runId);
        assertThat(run.getString("status")).isEqualTo("FAILED");
        EventEnvelope<RunFailed> failed = Published.only(Topics.RUN_FAILURES, runId, RunFailed.class);
        assertThat(failed.payload().stage()).isEqualTo("data-prep");
        assertThat(failed.payload().reason()).isEqualTo(run.getString("failureReason"));
        // nothing downstream: a later run's DatasetReady arrives (the outbox sends in order) and none came for this one
        String later = RunsClient.start("house-prices-all");
        assertThat(RunsClient.awaitFinished(later).getString("status")).isEqualTo("READY");
        List<String> datasetsFor = Published.all(Topics.DATASETS, List.of(runId, later), later, Duration.ofSeconds(30))
                .stream().map(EventEnvelope::correlationId).toList();
        assertThat(datasetsFor).containsExactly(later);
        return run;
    }

    @Test
    void missingLabelColumnFailsTheRunSayingWhichColumnsExist() {
        JsonPath run = failedRun("no-label");
        assertThat(run.getString("failureReason"))
                .isEqualTo("label column 'price' is not in the query result (columns: [id, size_m2])");
        assertThat(run.getString("failureKind")).isEqualTo("MISSING_COLUMN");
    }

    @Test
    void aDateFeatureFailsTheRunSayingHowToMakeItANumber() {
        assertThat(failedRun("date-feature").getString("failureReason"))
                .isEqualTo("feature column 'sold_on' is a date or time (type date): turn it into a number in the query"
                        + " (e.g. extract(epoch from sold_on) or its age in days) or list it under ignore-columns");
    }

    @Test
    void nanOnlyFeatureFailsTheRun() {
        assertThat(failedRun("nan-feature").getString("failureReason"))
                .isEqualTo("feature column(s) [broken] have no value in any row (all NULL, NaN or empty)");
    }

    @Test
    void zeroRowsFailTheRun() {
        assertThat(failedRun("empty-window").getString("failureReason"))
                .isEqualTo("the query returned no labelled rows in the window");
    }

    @Test
    void sqlErrorFailsTheRunWithTheWarehouseMessageAndTheNextRunWorks() {
        JsonPath run = failedRun("missing-table");
        assertThat(run.getString("failureReason")).startsWith("warehouse query failed: ")
                .contains("no_such_table");
        assertThat(run.getInt("timings.attempts")).isEqualTo(1); // SQL errors are not retried
        assertThat(RunsClient.awaitFinished(RunsClient.start("house-prices")).getString("status"))
                .isEqualTo("READY");
    }

    @Test
    void metricsCountRunsByModelAndReasonAndRowsExtracted() {
        RunsClient.awaitFinished(RunsClient.start("house-prices-all"));
        RunsClient.awaitFinished(RunsClient.start("no-label"));
        String metrics = metrics();
        assertThat(metrics).contains("treeline_dataprep_runs_started_total{model=\"house-prices-all\",reason=\"MANUAL\"}")
                .contains("treeline_dataprep_runs_failed_total{kind=\"missing-column\",model=\"no-label\","
                        + "reason=\"MANUAL\"}")
                .contains("treeline_dataprep_rows_extracted_total{model=\"house-prices-all\"}")
                .contains("treeline_dataprep_extraction_duration_seconds_count{model=\"house-prices-all\","
                        + "outcome=\"ready\"}");
    }
}
