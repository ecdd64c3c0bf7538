package dev.treeline.deployer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The invocation benchmark's HTTP floor (an empty handler behind the same route style and body reading) is served
 * only with {@code treeline.deployer.bench-floor=true}; without it the route answers 404 (InvocationApiTest).
 */
@QuarkusTest
@TestProfile(BenchFloorRouteTest.FloorOn.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_floor") })
class BenchFloorRouteTest {

    /** As the benchmark's second deployer runs: floor route on, invocation auth off (InvocationAuthNoneTest). */
    public static class FloorOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.deployer.bench-floor", "true", "treeline.deployer.consumer-group",
                    "deployer-sandbox-floor-test", "treeline.deployer.invocation-auth", "none");
        }
    }

    @Test
    void benchmarkFloorRouteIsServedWhenTurnedOn() {
        given().contentType("text/csv").body("1,2,3,4").when().post("/endpoints/treeline-sandbox/floor").then()
                .statusCode(200).header("x-Amzn-Invoked-Production-Variant", "AllTraffic").body(equalTo("0.0\n"));
    }
}
