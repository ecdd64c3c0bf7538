package dev.treeline.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Behind a proxy that rewrites Host, {@code treeline.deployer.sigv4.expected-host} is the host in the canonical
 * request: a request signed for the public name is accepted although it arrives with another Host, and one signed
 * for the name it arrived with is refused. Shares RegisteredPolicyTest's start-up (same profile and resources).
 */
@QuarkusTest
@TestProfile(RegisteredPolicyTest.Registered.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_registered") })
class ExpectedHostTest {

    @Test
    void signatureIsCheckedAgainstTheConfiguredPublicHostNotTheReceivedOne() {
        TestAccessKeys.ensurePublished();
        byte[] body = "1,2,3,4".getBytes(StandardCharsets.UTF_8);
        Map<String, String> target = Map.of("X-Amzn-SageMaker-Target-Model", "not-deployed-here");
        // Signed for https://models.example.com, received as localhost:<port>: verified, then the model is unknown.
        SignedRequests.signed(TestAccessKeys.INVOKER, Invocations.ENDPOINT, body, target).contentType("text/csv")
                .when().post(Invocations.ENDPOINT).then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationError");
        // Signed for the host it arrives with: not what clients of the public name sign, refused.
        URI direct = URI.create("http://localhost:" + RestAssured.port + Invocations.ENDPOINT);
        var spec = RestAssured.given().body(body).contentType("text/csv");
        SignedRequests.signatureHeaders(TestAccessKeys.INVOKER.accessKeyId(), TestAccessKeys.INVOKER.secret(),
                Clock.systemUTC(), direct, body, target).forEach((n, values) -> values.forEach(v -> spec.header(n, v)));
        spec.when().post(Invocations.ENDPOINT).then().statusCode(403)
                .body("__type", equalTo("InvalidSignatureException"));
        assertThat(RegisteredPolicyTest.EXPECTED_HOST).doesNotContain("localhost");
    }
}
