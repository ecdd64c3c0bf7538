package dev.treeline.support.testing;

import static io.restassured.RestAssured.given;

import dev.treeline.support.security.Roles;
import io.restassured.specification.RequestSpecification;

/** Calls to the service under test as the registry's users would make them: with a bearer token of some role. */
public final class ServiceApi {

    private ServiceApi() {
    }

    /** A request as user {@code test-viewer} (role viewer): reads. */
    public static RequestSpecification asViewer() {
        return as("test-viewer", Roles.VIEWER);
    }

    /** A request as user {@code test-operator} (role operator): kickoffs and drift alerts. */
    public static RequestSpecification asOperator() {
        return as("test-operator", Roles.OPERATOR);
    }

    public static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(TestTokens.token(user, roles));
    }

    /** The Prometheus scrape, from the management interface (never the main port). */
    public static String metrics() {
        return given().get(managementUrl("/q/metrics")).then().statusCode(200).extract().asString();
    }

    /** An absolute URL on the management interface, e.g. {@code managementUrl("/q/health/ready")}. */
    public static String managementUrl(String path) {
        return ManagementPort.baseUrl().orElseThrow(
                () -> new IllegalStateException("quarkus.management.enabled is false in this test profile")) + path;
    }
}
