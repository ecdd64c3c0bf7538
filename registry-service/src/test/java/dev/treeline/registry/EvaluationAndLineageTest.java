package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static dev.treeline.support.testing.ServiceApi.managementUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.TuningCompleted;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.registry.registration.TuningCompletedConsumer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class EvaluationAndLineageTest {

    private static String viewer;

    @Inject
    TuningCompletedConsumer consumer;
    @Inject
    ObjectMapper restMapper;

    private String viewer() {
        if (viewer == null) {
            viewer = TestUsers.create("viewer");
        }
        return viewer;
    }

    @Test
    void evaluationHistoryCsvHasOneRowPerVersionAndOneColumnPerTestMetric() {
        String group = newGroup("csv");
        String job1 = "hp-" + group + "-1";
        String job2 = "hp-" + group + "-2";
        consumer.on(bytes(completed(group, job1, List.of(), 0.25, Map.of("rmse", 0.5, "mae", 0.125), false)));
        consumer.on(bytes(completed(group, job2, List.of(job1), 0.2, Map.of("rmse", 0.375, "mae", 0.1, "r2", 0.9),
                true)));

        String csv = as(viewer()).get("/groups/" + group + "/evaluations.csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> registeredAt = as(viewer()).get("/groups/" + group + "/evaluations").then().statusCode(200)
                .extract().jsonPath().getList("datetime");

        assertThat(csv.split("\r\n")).containsExactly(
                "datetime,version,approval_status,testing,tuning_job,objective,tuning_metric,tuning_metric_value,"
                        + "test_mae,test_r2,test_rmse",
                registeredAt.get(0) + ",1,PendingManualApproval,false," + job1 + ",reg:squarederror,validation:rmse,"
                        + "0.25,0.125,,0.5",
                registeredAt.get(1) + ",2,PendingManualApproval,true," + job2 + ",reg:squarederror,validation:rmse,"
                        + "0.2,0.1,0.9,0.375");
    }

    @Test
    void evaluationHistoryJsonListsVersionsOldestFirst() {
        String group = newGroup("history");
        consumer.on(bytes(completed(group, "hp-" + group + "-1", 12.0, false)));
        consumer.on(bytes(completed(group, "hp-" + group + "-2", 11.0, true)));

        as(viewer()).get("/groups/" + group + "/evaluations").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)))
                .body("testing", equalTo(List.of(false, true)))
                .body("tuningJobName", equalTo(List.of("hp-" + group + "-1", "hp-" + group + "-2")))
                .body("objective", equalTo(List.of("reg:squarederror", "reg:squarederror")))
                .body("tuningMetric", equalTo(List.of("validation:rmse", "validation:rmse")))
                .body("[1].testMetrics.rmse", equalTo(11.0f));
    }

    @Test
    void lineageLeadsFromTheVersionBackToQueryDatasetsAndParentVersions() {
        String group = newGroup("lineage");
        String parentJob = "hp-" + group + "-1";
        consumer.on(bytes(completed(group, parentJob, List.of(), 1.0, Map.of("rmse", 1.0), false)));
        EventEnvelope<TuningCompleted> event = completed(group, "hp-" + group + "-2",
                List.of(parentJob, "hp-" + group + "-elsewhere"), 0.9, Map.of("rmse", 0.95), false);
        consumer.on(bytes(event));
        TuningCompleted t = event.payload();

        JsonPath lineage = as(viewer()).get("/groups/" + group + "/versions/2/lineage").then().statusCode(200)
                .extract().jsonPath();

        assertThat(lineage.getString("modelGroup")).isEqualTo(group);
        assertThat(lineage.getInt("version")).isEqualTo(2);
        assertThat(lineage.getString("runId")).isEqualTo(t.runId());
        assertThat(lineage.getString("layer")).isEqualTo(t.lineage().layer());
        assertThat(lineage.getString("objective")).isEqualTo(t.objective());
        assertThat(lineage.getList("featureNames")).isEqualTo(t.lineage().featureNames());
        assertThat(lineage.getString("window.start")).isEqualTo(t.lineage().window().start().toString());
        assertThat(lineage.getString("window.end")).isEqualTo(t.lineage().window().end().toString());
        assertThat(lineage.getString("query")).isEqualTo(t.lineage().query());
        assertThat(lineage.getMap("queryParameters")).isEqualTo(t.lineage().queryParameters());
        for (String split : List.of("train", "validation", "test")) {
            var expected = split.equals("train") ? t.lineage().splits().train()
                    : split.equals("validation") ? t.lineage().splits().validation() : t.lineage().splits().test();
            assertThat(lineage.getString("datasets." + split + ".key")).isEqualTo(expected.key());
            assertThat(lineage.getString("datasets." + split + ".bucket")).isEqualTo(expected.bucket());
            assertThat(lineage.getString("datasets." + split + ".sha256")).isEqualTo(expected.sha256());
            assertThat(lineage.getLong("datasets." + split + ".rows")).isEqualTo(expected.rows());
        }
        assertThat(lineage.getString("tuningJobName")).isEqualTo(t.tuningJobName());
        assertThat(lineage.getList("parents.tuningJobName")).isEqualTo(t.parentTuningJobs());
        assertThat(lineage.<Integer>getList("parents.version")).containsExactly(1, null);
        assertThat(lineage.getString("warmStartType")).isEqualTo("TRANSFER_LEARNING");
        assertThat(lineage.getString("strategy")).isEqualTo("BAYESIAN");
        assertThat(lineage.getInt("trialCount")).isEqualTo(t.trialCount());
        assertThat(lineage.getString("xgboostVersion")).isEqualTo(t.xgboostVersion());
        assertThat(lineage.getString("artifact.sha256")).isEqualTo(t.artifact().sha256());
        assertThat(lineage.getString("artifact.key")).isEqualTo(t.artifact().key());
    }

    @Test
    void versionStoredBeforeTheTypedColumnsReadsAsItWasWritten() throws Exception {
        String group = newGroup("legacy");
        TuningCompleted t = completed(group, "hp-" + group + "-1", List.of(), 0.5, Map.of("rmse", 0.5), false)
                .payload();
        // As the registry wrote rows before: its REST ObjectMapper into jsonb, each artifact column by hand.
        String metrics = write(t.testMetrics());
        String hyperparameters = write(t.bestHyperparameters());
        // The lineage column's shape then (flat), spelled out so a change to StoredLineage cannot hide a break.
        String storedLineage = write(Map.ofEntries(Map.entry("layer", t.lineage().layer()),
                Map.entry("featureNames", t.lineage().featureNames()),
                Map.entry("window", Map.of("start", t.lineage().window().start().toString(), "end", t.lineage().window().end().toString())),
                Map.entry("query", t.lineage().query()), Map.entry("queryParameters", t.lineage().queryParameters()),
                Map.entry("datasets", t.lineage().splits()), Map.entry("parentTuningJobs", List.of()),
                Map.entry("warmStartType", "NONE"), Map.entry("strategy", "BAYESIAN"), Map.entry("trialCount", 12)));
        QuarkusTransaction.requiringNew().run(() -> {
            var em = ModelPackage.getEntityManager();
            em.createNativeQuery("insert into model_package_group (name, created_at, latest_version)"
                    + " values (:g, now(), 1)").setParameter("g", group).executeUpdate();
            em.createNativeQuery("insert into model_package (group_name, version, approval_status, artifact_sha256,"
                            + " testing, created_at, run_id, tuning_job_name, registered_event_id, objective,"
                            + " objective_metric, objective_metric_value, test_metrics, hyperparameters,"
                            + " artifact_bucket, artifact_key, artifact_bytes, artifact_format, artifact_version_id,"
                            + " xgboost_version, lineage, status_changed_at) values (:g, 1, 'PendingManualApproval',"
                            + " :sha, false, now(), :run, :job, gen_random_uuid(), :objective, :metric, 0.5,"
                            + " cast(:metrics as jsonb), cast(:hp as jsonb), :bucket, :key, :bytes, 'UBJSON', null,"
                            + " '3.4.0', cast(:lineage as jsonb), now())")
                    .setParameter("g", group).setParameter("sha", t.artifact().sha256()).setParameter("run", t.runId())
                    .setParameter("job", t.tuningJobName()).setParameter("objective", t.objective())
                    .setParameter("metric", t.objectiveMetric()).setParameter("metrics", metrics)
                    .setParameter("hp", hyperparameters).setParameter("bucket", t.artifact().bucket())
                    .setParameter("key", t.artifact().key()).setParameter("bytes", t.artifact().bytes())
                    .setParameter("lineage", storedLineage)
                    .executeUpdate();
        });

        JsonPath version = as(viewer()).get("/groups/" + group + "/versions/1").then().statusCode(200)
                .extract().jsonPath();
        assertThat(version.getMap("testMetrics")).isEqualTo(Map.of("rmse", 0.5f));
        assertThat(version.getMap("hyperparameters")).isEqualTo(Map.of("eta", 0.1f, "max_depth", 6));
        assertThat(version.getString("artifact.sha256")).isEqualTo(t.artifact().sha256());
        assertThat(version.getString("artifact.format")).isEqualTo("UBJSON");
        assertThat(version.getString("artifactSameAsVersion")).isNull();
        JsonPath lineage = as(viewer()).get("/groups/" + group + "/versions/1/lineage").then().statusCode(200)
                .extract().jsonPath();
        assertThat(lineage.getString("window.start")).isEqualTo(t.lineage().window().start().toString());
        assertThat(lineage.getString("datasets.train.sha256")).isEqualTo(t.lineage().splits().train().sha256());
        assertThat(lineage.getMap("queryParameters")).isEqualTo(t.lineage().queryParameters());
        assertThat(lineage.getList("featureNames")).isEqualTo(t.lineage().featureNames());
        assertThat(lineage.getString("warmStartType")).isEqualTo("NONE");
        assertThat(lineage.getInt("trialCount")).isEqualTo(12);
    }

    private String write(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return restMapper.writeValueAsString(value);
    }

    @Test
    void openApiDocumentAndSwaggerUiAreOnTheManagementInterfaceOnly() {
        given().get(managementUrl("/q/openapi?format=json")).then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/groups/{group}/versions/{version}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/groups/{group}/evaluations.csv"))
                .body("paths", org.hamcrest.Matchers.hasKey("/users"))
                .body("paths", org.hamcrest.Matchers.hasKey("/auth/token"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"));
        given().get(managementUrl("/q/swagger-ui/")).then().statusCode(200)
                .body(containsString("swagger"));
        as(viewer()).get("/q/openapi").then().statusCode(404);
        as(viewer()).get("/q/health/ready").then().statusCode(404);
    }
}
