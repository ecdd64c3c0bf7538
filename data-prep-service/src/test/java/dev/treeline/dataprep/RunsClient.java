package dev.treeline.dataprep;

import static dev.treeline.support.testing.ServiceApi.asViewer;
import static dev.treeline.support.testing.ServiceApi.asOperator;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Runs over the service's own REST API, as a person or tool would use it. */
public final class RunsClient {

    private RunsClient() {
    }

    /** POST /runs expecting 202; returns the run id. */
    public static String start(String model) {
        return asOperator().contentType(ContentType.JSON).body(Map.of("model", model, "testing", true))
                .when().post("/runs").then().statusCode(202).extract().path("runId");
    }

    public static JsonPath run(String runId) {
        return asViewer().when().get("/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the run is READY or FAILED and returns it. */
    public static JsonPath awaitFinished(String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("READY", "FAILED").contains(run(runId).getString("status")));
        return run(runId);
    }
}
