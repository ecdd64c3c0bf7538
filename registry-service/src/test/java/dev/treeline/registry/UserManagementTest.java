package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.security.RegistryUser;
import dev.treeline.support.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class UserManagementTest {

    @Test
    void anonymousCallerGets401WithABearerChallenge() {
        given().get("/users").then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("bearer"));
    }

    @Test
    void bootstrapAdminFromConfigurationLogsInAndManagesUsers() {
        TestUsers.withToken(TestUsers.login("admin", "admin")).get("/users").then().statusCode(200)
                .body("username", hasItem("admin"));
    }

    @Test
    void usersMayHaveEveryPlatformRole() {
        for (String role : Roles.ALL) {
            String user = TestUsers.create(role);
            asAdmin().get("/users").then().statusCode(200)
                    .body("find { it.username == '" + user + "' }.roles", equalTo(List.of(role)));
        }
        String machine = TestUsers.create(Roles.INVOKER, Roles.OPERATOR);
        TestUsers.withToken(TestUsers.login(machine)).get("/auth/whoami").then().statusCode(200)
                .body("roles", equalTo(List.of(Roles.VIEWER, Roles.INVOKER, Roles.OPERATOR)));
    }

    @Test
    void viewerAndApproverGet403OnUserManagement() {
        String viewer = TestUsers.create("viewer");
        String approver = TestUsers.create("approver");

        as(viewer).get("/users").then().statusCode(403);
        as(approver).contentType("application/json")
                .body(Map.of("username", "sneaky", "password", "password123", "roles", List.of("admin")))
                .post("/users").then().statusCode(403);
    }

    @Test
    void passwordIsStoredOnlyAsABcryptHash() {
        String user = TestUsers.create("viewer");

        String hash = QuarkusTransaction.requiringNew().call(() ->
                RegistryUser.<RegistryUser>findById(user).passwordHash);
        assertThat(hash).startsWith("$2a$10$").doesNotContain(TestUsers.PASSWORD);
    }

    @Test
    void aChangedPasswordTakesEffectOnTheNextLoginThoughTheOldOneWasRemembered() {
        String user = TestUsers.create("admin");
        TestUsers.login(user);
        TestUsers.login(user); // now answered from the verified-credentials memory

        asAdmin().contentType("application/json").body(Map.of("password", "a brand new secret"))
                .put("/users/" + user + "/password").then().statusCode(204);

        given().auth().preemptive().basic(user, TestUsers.PASSWORD).post("/auth/token").then().statusCode(401);
        TestUsers.withToken(TestUsers.login(user, "a brand new secret")).get("/users").then().statusCode(200);
    }

    @Test
    void invalidUserIsA400ProblemNamingTheField() {
        asAdmin().contentType("application/json")
                .body(Map.of("username", "bad name!", "password", "short", "roles", List.of("superuser")))
                .post("/users").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("username")).body("detail", containsString("password"))
                .body("detail", containsString(Roles.PATTERN_MESSAGE));
    }

    @Test
    void duplicateUserIsA409AndUnknownUserA404() {
        String user = TestUsers.create("viewer");
        asAdmin().contentType("application/json")
                .body(Map.of("username", user, "password", "password123", "roles", List.of("viewer")))
                .post("/users").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already exists"));
        asAdmin().delete("/users/no-such-user").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        // Other tests may have created admins; remove them so "admin" is the last one.
        List<String> others = asAdmin().get("/users").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.roles.contains('admin') && it.username != 'admin' }.username");
        others.forEach(u -> asAdmin().delete("/users/" + u).then().statusCode(204));

        asAdmin().delete("/users/admin").then().statusCode(409).body("detail", containsString("last admin"));
        asAdmin().contentType("application/json").body(Map.of("roles", List.of("viewer")))
                .put("/users/admin/roles").then().statusCode(409);
    }
}
