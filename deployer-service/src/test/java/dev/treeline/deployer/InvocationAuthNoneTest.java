package dev.treeline.deployer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.deployer.invocation.InvocationAuth;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.sigv4.SigV4Mode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With {@code treeline.deployer.invocation-auth=none} (an account on a private network) InvokeEndpoint checks no
 * signature: an unsigned request reaches the model lookup. Shares BenchFloorRouteTest's start-up.
 */
@QuarkusTest
@TestProfile(BenchFloorRouteTest.FloorOn.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_floor") })
class InvocationAuthNoneTest {

    @Inject
    InvocationAuth auth;

    @Test
    void unsignedInvocationIsServedWhenVerificationIsTurnedOff() {
        given().header("X-Amzn-SageMaker-Target-Model", "not-deployed-here").contentType("text/csv")
                .body("1,2,3,4").when().post(Invocations.ENDPOINT).then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationError")
                .body("message", containsString("is not deployed"));
        assertThat(auth.settings().mode()).isEqualTo(SigV4Mode.NONE);
        // what the start-up log says (InvocationAuth logs it as a warning)
        assertThat(auth.settings().startupLogLine()).contains("authentication is OFF");
    }
}
