package dev.treeline.support.testapp;

import static org.hamcrest.Matchers.startsWith;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The contract passes on the test application when every route is declared as it is guarded. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "support_test") })
class TestAppRouteMatrixTest extends RouteMatrixContract {

    static void declareTestApp(RouteMatrix routes) {
        routes.pathParam("id", "one").basicCredentials(TestUsers.USER, TestUsers.PASSWORD);
        routes.get("/guarded", role(Roles.VIEWER));
        routes.get("/guarded/{id}", role(Roles.VIEWER));
        routes.post("/guarded", role(Roles.OPERATOR)).body("{\"name\":\"x\"}");
        routes.get("/unannotated", denied());
        routes.post("/login", basicLogin());
        routes.get("/whoami", authenticated());
        routes.get("/vertx/ping", role(Roles.VIEWER));
        routes.get("/vertx/items/:item", role(Roles.VIEWER)).pathParam("item", "i-1");
        routes.post("/endpoints/{name}/invocations", sigV4(Roles.INVOKER, call -> call.send().then()
                .statusCode(403).header("x-amzn-ErrorType", startsWith("MissingAuthenticationTokenException"))))
                .pathParam("name", "some-endpoint").body("1,2,3");
    }

    @Override
    protected void declareRoutes(RouteMatrix routes) {
        declareTestApp(routes);
    }
}
