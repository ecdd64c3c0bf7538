package dev.treeline.support.testing;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import dev.treeline.support.security.Roles;
import dev.treeline.support.security.RouteInventory;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What {@link RouteMatrixContract} checks, as functions returning every failure (one line each, naming the route)
 * instead of stopping at the first: the contract asserts each list is empty, and its self-test shows a broken
 * matrix is caught.
 */
public final class RouteMatrixChecks {

    private static final String CALLER = "route-matrix";
    private static final String WRONG_BASIC_USER = "route-matrix-nobody";
    private static final String WRONG_BASIC_PASSWORD = "not-a-password";

    private RouteMatrixChecks() {
    }

    /** Routes of the running application not in the matrix, and declared routes the application does not have. */
    public static List<String> coverage(RouteMatrix matrix, List<RouteInventory.Route> running) {
        Map<String, RouteInventory.Route> actual = new TreeMap<>();
        running.forEach(route -> actual.putIfAbsent(route.key(), route));
        List<String> failures = new ArrayList<>();
        actual.forEach((key, route) -> {
            if (matrix.find(key).isEmpty()) {
                failures.add(route + " is not in the route matrix: give it a role and add it to the matrix");
            }
        });
        for (RouteMatrix.Entry entry : matrix.entries()) {
            if (!actual.containsKey(entry.key())) {
                failures.add(entry.key() + " is declared in the route matrix but the application has no such route"
                        + " (running: " + actual.keySet() + ")");
            }
        }
        return failures;
    }

    /** Every role-gated and authenticated route refuses missing, foreign and expired tokens with 401. */
    public static List<String> unauthenticatedCallersAreRefused(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        for (RouteMatrix.Entry entry : bearerRoutes(matrix)) {
            RouteCall call = matrix.call(entry);
            String[] roles = rolesOf(entry);
            expect(failures, call, "no credentials", call.send(), 401);
            expect(failures, call, "a token signed by another key",
                    call.sendBearer(TestTokens.signedByAStranger(CALLER, roles)), 401);
            expect(failures, call, "an expired token",
                    call.sendBearer(TestTokens.token(CALLER, Duration.ofMinutes(-10), roles)), 401);
            expect(failures, call, "a malformed token", call.sendBearer("not-a-jwt"), 401);
        }
        for (RouteMatrix.Entry entry : denied(matrix)) {
            RouteCall call = matrix.call(entry);
            expect(failures, call, "no credentials", call.send(), 401);
        }
        return failures;
    }

    /** A valid token without the role gets 403; a denied route refuses even an admin with 403. */
    public static List<String> callersWithoutTheRoleAreForbidden(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        for (RouteMatrix.Entry entry : matrix.entries()) {
            RouteCall call = matrix.call(entry);
            if (entry.access().kind() == RouteAccess.Kind.ROLE) {
                expect(failures, call, "a token without " + entry.access().role(),
                        call.sendBearer(TestTokens.withoutRole(entry.access().role())), 403);
            } else if (entry.access().kind() == RouteAccess.Kind.DENIED) {
                expect(failures, call, "an admin token", call.sendBearer(TestTokens.token(CALLER, Roles.ADMIN)), 403);
            }
        }
        return failures;
    }

    /** The role (or, for an authenticated route, any valid token) gets neither 401 nor 403. */
    public static List<String> callersWithTheRoleAreAdmitted(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        for (RouteMatrix.Entry entry : bearerRoutes(matrix)) {
            RouteCall call = matrix.call(entry);
            String role = roleOf(entry);
            String token = role == null ? TestTokens.token(CALLER) : TestTokens.token(CALLER, role);
            admitted(failures, call, role == null ? "a valid token without roles" : "a token with " + role,
                    call.sendBearer(token));
        }
        return failures;
    }

    /** HTTP Basic is accepted by the login route only: on a Bearer route any Basic credentials get 401. */
    public static List<String> httpBasicIsRefusedOnBearerRoutes(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        List<String[]> credentials = new ArrayList<>();
        credentials.add(new String[] {WRONG_BASIC_USER, WRONG_BASIC_PASSWORD});
        matrix.basicCredentials().ifPresent(credentials::add);
        for (RouteMatrix.Entry entry : bearerRoutes(matrix)) {
            RouteCall call = matrix.call(entry);
            for (String[] c : credentials) {
                expect(failures, call, "HTTP Basic (" + c[0] + ")", call.send(basic(c)), 401);
            }
        }
        return failures;
    }

    /** The login route: no credentials, a wrong password and a Bearer token get 401; valid credentials do not. */
    public static List<String> loginAcceptsHttpBasicOnly(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        for (RouteMatrix.Entry entry : matrix.entries()) {
            if (entry.access().kind() != RouteAccess.Kind.BASIC_LOGIN) {
                continue;
            }
            RouteCall call = matrix.call(entry);
            expect(failures, call, "no credentials", call.send(), 401);
            String user = matrix.basicCredentials().map(c -> c[0]).orElse(WRONG_BASIC_USER);
            expect(failures, call, "HTTP Basic with a wrong password",
                    call.send(basic(new String[] {user, WRONG_BASIC_PASSWORD})), 401);
            expect(failures, call, "a Bearer token instead of HTTP Basic",
                    call.sendBearer(TestTokens.token(CALLER, Roles.ADMIN)), 401);
            matrix.basicCredentials().ifPresent(c -> admitted(failures, call, "valid HTTP Basic credentials",
                    call.send(basic(c))));
        }
        return failures;
    }

    /** Each SigV4 route against its declared expectations. */
    public static List<String> sigV4RoutesMeetTheirExpectations(RouteMatrix matrix) {
        List<String> failures = new ArrayList<>();
        for (RouteMatrix.Entry entry : matrix.entries()) {
            if (entry.access().kind() != RouteAccess.Kind.SIGV4) {
                continue;
            }
            RouteCall call = matrix.call(entry);
            try {
                entry.access().sigV4Check().verify(call);
            } catch (AssertionError | Exception e) {
                failures.add(call.name() + " (" + call.path() + "): " + e.getMessage());
            }
        }
        return failures;
    }

    /** Health, readiness and metrics: not on the main port (401 or 404 there), answered on the management port. */
    public static List<String> healthAndMetricsAreOnTheManagementPortOnly(URL management) {
        List<String> failures = new ArrayList<>();
        String adminToken = TestTokens.token(CALLER, Roles.ADMIN);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics")) {
            int anonymous = given().redirects().follow(false).get(path).statusCode();
            if (anonymous != 401 && anonymous != 404) {
                failures.add("GET " + path + " on the main port without credentials: expected 401 or 404, got "
                        + anonymous);
            }
            int admin = given().redirects().follow(false).header("Authorization", "Bearer " + adminToken)
                    .get(path).statusCode();
            if (admin != 404) {
                failures.add("GET " + path + " on the main port with an admin token: expected 404 (not there), got "
                        + admin);
            }
        }
        if (management == null) {
            failures.add("the management interface is not enabled (quarkus.management.enabled=true)");
            return failures;
        }
        // the injected URL carries the management root path (/q/); the checks name full paths
        String base = management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
        for (String path : List.of("/q/health/live", "/q/metrics")) {
            int status = given().redirects().follow(false).get(base + path).statusCode();
            if (status != 200) {
                failures.add("GET " + path + " on the management port: expected 200, got " + status);
            }
        }
        int ready = given().redirects().follow(false).get(base + "/q/health/ready").statusCode();
        if (ready != 200 && ready != 503) {
            failures.add("GET /q/health/ready on the management port: expected 200 or 503, got " + ready);
        }
        return failures;
    }

    private static List<RouteMatrix.Entry> bearerRoutes(RouteMatrix matrix) {
        return matrix.entries().stream().filter(e -> Set.of(RouteAccess.Kind.ROLE, RouteAccess.Kind.AUTHENTICATED)
                .contains(e.access().kind())).toList();
    }

    private static List<RouteMatrix.Entry> denied(RouteMatrix matrix) {
        return matrix.entries().stream().filter(e -> e.access().kind() == RouteAccess.Kind.DENIED).toList();
    }

    private static String roleOf(RouteMatrix.Entry entry) {
        return entry.access().kind() == RouteAccess.Kind.ROLE ? entry.access().role() : null;
    }

    private static String[] rolesOf(RouteMatrix.Entry entry) {
        String role = roleOf(entry);
        return role == null ? new String[0] : new String[] {role};
    }

    private static UnaryOperator<RequestSpecification> basic(String[] credentials) {
        return request -> request.auth().preemptive().basic(credentials[0], credentials[1]);
    }

    private static void expect(List<String> failures, RouteCall call, String caller, Response response, int status) {
        if (response.statusCode() != status) {
            failures.add(call.name() + " (" + call.path() + ") with " + caller + ": expected " + status + ", got "
                    + response.statusCode() + snippet(response));
        }
    }

    private static void admitted(List<String> failures, RouteCall call, String caller, Response response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            failures.add(call.name() + " (" + call.path() + ") with " + caller + ": expected neither 401 nor 403, got "
                    + status + snippet(response));
        }
    }

    private static String snippet(Response response) {
        String body = response.asString();
        if (body == null || body.isBlank()) {
            return "";
        }
        body = body.replaceAll("\\s+", " ");
        return " (" + (body.length() > 160 ? body.substring(0, 160) + "..." : body) + ")";
    }
}
