package dev.treeline.support.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.security.RouteInventory;
import dev.treeline.support.testing.RouteAccess;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The contract catches what it is there to catch: a route left out, a route that is not there, a wrong role. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "support_test") })
class RouteMatrixSelfTest {

    @Inject
    RouteInventory inventory;

    @Test
    void aRouteLeftOutOfTheMatrixFailsNamingIt() {
        RouteMatrix routes = new RouteMatrix();
        routes.get("/guarded", role(Roles.VIEWER));

        assertThat(RouteMatrixChecks.coverage(routes, inventory.routes()))
                .contains("GET /vertx/ping (VERTX) is not in the route matrix: give it a role and add it to the matrix",
                        "GET /unannotated (JAXRS) is not in the route matrix: give it a role and add it to the matrix",
                        "GET /guarded/{id} (JAXRS) is not in the route matrix: give it a role and add it to the matrix")
                .noneMatch(failure -> failure.startsWith("GET /guarded (JAXRS)"));
    }

    @Test
    void aDeclaredRouteTheApplicationDoesNotHaveFails() {
        RouteMatrix routes = new RouteMatrix();
        TestAppRouteMatrixTest.declareTestApp(routes);
        routes.delete("/guarded/{id}", role(Roles.ADMIN));

        assertThat(RouteMatrixChecks.coverage(routes, inventory.routes())).singleElement().asString()
                .startsWith("DELETE /guarded/{id} is declared in the route matrix but the application has no such route");
    }

    @Test
    void theUnannotatedEndpointIsDeniedEvenToTheRoleItWouldNeed() {
        RouteMatrix routes = new RouteMatrix();
        routes.get("/unannotated", role(Roles.VIEWER));

        assertThat(RouteMatrixChecks.callersWithTheRoleAreAdmitted(routes)).singleElement().asString()
                .startsWith("GET /unannotated (/unannotated) with a token with viewer: expected neither 401 nor 403, got 403");
    }

    @Test
    void aRouteDeclaredWithTooWeakARoleFailsTheForbiddenCheck() {
        RouteMatrix routes = new RouteMatrix();
        routes.post("/guarded", role(Roles.VIEWER)).body("{\"name\":\"x\"}");

        // a viewer-less caller is refused, but so is the viewer the matrix claims is enough
        assertThat(RouteMatrixChecks.callersWithTheRoleAreAdmitted(routes)).singleElement().asString()
                .contains("with a token with viewer: expected neither 401 nor 403, got 403");
    }

    @Test
    void aSigV4ExpectationThatDoesNotHoldFails() {
        RouteMatrix routes = new RouteMatrix();
        routes.post("/endpoints/{name}/invocations", new RouteAccess(RouteAccess.Kind.SIGV4, Roles.INVOKER,
                call -> call.send().then().statusCode(200))).body("1");

        assertThat(RouteMatrixChecks.sigV4RoutesMeetTheirExpectations(routes)).singleElement().asString()
                .startsWith("POST /endpoints/{name}/invocations (/endpoints/sample-name/invocations):");
    }

    private static RouteAccess role(String role) {
        return new RouteAccess(RouteAccess.Kind.ROLE, role, null);
    }
}
