package dev.treeline.deployer;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.RouteCall;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixContract;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Every route of the deployer's main port and the access it needs (service-support's RouteMatrixContract checks them
 * on the running application, Vert.x routes included): the management API with the registry's tokens, InvokeEndpoint
 * with SigV4 and an owner holding invoker. A route added without a role fails the coverage check.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class DeployerRouteMatrixTest extends RouteMatrixContract {

    static final String BODY = "1,2,3,4";

    @Override
    protected void declareRoutes(RouteMatrix routes) {
        routes.pathParam("modelGroup", "not-served-here").pathParam("endpointName", "treeline-sandbox");
        routes.get("/models", role(Roles.VIEWER));
        routes.get("/models/{modelGroup}", role(Roles.VIEWER));
        routes.get("/promotions/pending", role(Roles.VIEWER));
        routes.get("/serving", role(Roles.VIEWER));
        routes.post("/models", role(Roles.ADMIN)).body("{\"modelGroup\":\"not-served-here\","
                + "\"bucket\":\"no-such-bucket\",\"key\":\"no/such/key\",\"sha256\":\"" + "ab".repeat(32) + "\"}");
        routes.delete("/models/{modelGroup}", role(Roles.ADMIN));
        routes.post("/models/{modelGroup}/reload", role(Roles.ADMIN));
        routes.post("/endpoints/{endpointName}/invocations", sigV4(Roles.INVOKER, DeployerRouteMatrixTest::invocation))
                .body("text/csv", BODY);
    }

    /** Unsigned 403 MissingAuthenticationToken; signed by a viewer 403 AccessDenied; by an invoker admitted. */
    static void invocation(RouteCall call) {
        TestAccessKeys.ensurePublished();
        call.send().then().statusCode(403)
                .header("x-amzn-ErrorType", startsWith("MissingAuthenticationTokenException:"));
        call.send(r -> r.headers(signature(TestAccessKeys.VIEWER_ONLY, call))).then().statusCode(403)
                .body("__type", equalTo("AccessDeniedException"));
        // admitted: signature and role accepted, then 400 because the sample names no target model
        call.send(r -> r.headers(signature(TestAccessKeys.INVOKER, call))).then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationError");
    }

    private static Map<String, String> signature(TestAccessKeys.Key key, RouteCall call) {
        Map<String, String> headers = new LinkedHashMap<>();
        SignedRequests.signatureHeaders(key.accessKeyId(), key.secret(),
                Arc.container().instance(Clock.class).get(),
                URI.create("http://localhost:" + RestAssured.port + call.path()),
                call.body().getBytes(StandardCharsets.UTF_8), Map.of())
                .forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }
}
