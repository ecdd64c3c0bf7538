package dev.treeline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.support.security.RouteInventory;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Every route of the running service needs a role, and this proves it. A service's {@code @QuarkusTest}
 * subclasses it and declares, in {@link #declareRoutes(RouteMatrix)}, every route of its main port with the
 * access it needs:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "prep"))
 * class DataPrepRouteMatrixTest extends RouteMatrixContract {
 *     @Override
 *     protected void declareRoutes(RouteMatrix routes) {
 *         routes.pathParam("id", "no-such-run");
 *         routes.get("/runs", role(Roles.VIEWER));
 *         routes.get("/runs/{id}", role(Roles.VIEWER));
 *         routes.post("/runs", role(Roles.OPERATOR)).body("{\"modelName\":\"house-prices\"}");
 *     }
 * }
 * }</pre>
 *
 * It then checks, from the routes of the running application ({@link RouteInventory}: Vert.x routes and JAX-RS
 * resource methods): (a) every running route is declared and every declared route runs; (b) each role route
 * answers 401 to no credentials, to a token signed by another key, to an expired and to a malformed token, 403 to
 * a token without the role ({@link TestTokens#withoutRole}), neither 401 nor 403 to a token with it, 401 to HTTP
 * Basic; an {@code authenticated()} route the same with any valid token; the {@code basicLogin()} route accepts
 * HTTP Basic only; a {@code sigV4(..)} route meets the expectations its test supplies; (c) health and metrics are
 * not on the main port but answer on the management port.
 * <p>
 * A role route is called with a valid token and the sample body: 400, 404 or 409 are fine (sample values need
 * not exist), only 401 and 403 fail. Unknown path parameters get {@code sample-<name>}.
 */
public abstract class RouteMatrixContract {

    @Inject
    protected RouteInventory inventory;

    @TestHTTPResource(value = "/", management = true)
    protected URL managementRoot;

    private RouteMatrix matrix;

    /** Declare every route of the service's main port with its access (and sample values where needed). */
    protected abstract void declareRoutes(RouteMatrix routes);

    /** Bearer JWT with {@code role} or a role implying it ({@code Roles}). */
    protected static RouteAccess role(String role) {
        return new RouteAccess(RouteAccess.Kind.ROLE, role, null);
    }

    /** Any valid Bearer JWT, whatever its roles. */
    protected static RouteAccess authenticated() {
        return new RouteAccess(RouteAccess.Kind.AUTHENTICATED, null, null);
    }

    /** HTTP Basic only: the registry's token endpoint ({@code RouteMatrix.basicCredentials} for a valid login). */
    protected static RouteAccess basicLogin() {
        return new RouteAccess(RouteAccess.Kind.BASIC_LOGIN, null, null);
    }

    /** AWS SigV4 (InvokeEndpoint) for a key whose owner has {@code role}; {@code check} holds the expectations. */
    protected static RouteAccess sigV4(String role, RouteAccess.SigV4Check check) {
        return new RouteAccess(RouteAccess.Kind.SIGV4, role, check);
    }

    /** A route nobody may call (401 without credentials, 403 even for an admin). */
    protected static RouteAccess denied() {
        return new RouteAccess(RouteAccess.Kind.DENIED, null, null);
    }

    @BeforeEach
    void declare() {
        matrix = new RouteMatrix();
        declareRoutes(matrix);
    }

    /** The declared matrix (for a subclass's own extra tests). */
    protected RouteMatrix matrix() {
        return matrix;
    }

    @Test
    void everyRunningRouteIsDeclaredAndEveryDeclaredRouteRuns() {
        assertNoFailures(RouteMatrixChecks.coverage(matrix, inventory.routes()));
    }

    @Test
    void missingForeignExpiredAndMalformedTokensGet401() {
        assertNoFailures(RouteMatrixChecks.unauthenticatedCallersAreRefused(matrix));
    }

    @Test
    void aTokenWithoutTheRoleGets403() {
        assertNoFailures(RouteMatrixChecks.callersWithoutTheRoleAreForbidden(matrix));
    }

    @Test
    void aTokenWithTheRoleGetsNeither401Nor403() {
        assertNoFailures(RouteMatrixChecks.callersWithTheRoleAreAdmitted(matrix));
    }

    @Test
    void httpBasicGets401OnEveryBearerRoute() {
        assertNoFailures(RouteMatrixChecks.httpBasicIsRefusedOnBearerRoutes(matrix));
    }

    @Test
    void theLoginRouteAcceptsHttpBasicOnly() {
        assertNoFailures(RouteMatrixChecks.loginAcceptsHttpBasicOnly(matrix));
    }

    @Test
    void sigV4RoutesMeetTheirDeclaredExpectations() {
        assertNoFailures(RouteMatrixChecks.sigV4RoutesMeetTheirExpectations(matrix));
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        assertNoFailures(RouteMatrixChecks.healthAndMetricsAreOnTheManagementPortOnly(managementRoot));
    }

    private static void assertNoFailures(List<String> failures) {
        assertThat(failures).as("route matrix failures:%n  %s", String.join(System.lineSeparator() + "  ", failures))
                .isEmpty();
    }
}
