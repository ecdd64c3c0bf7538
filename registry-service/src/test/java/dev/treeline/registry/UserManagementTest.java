package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.security.RegistryUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class UserManagementTest {

    @Test
    void anonymousCallerGets401WithABasicChallenge() {
        given().get("/users").then().statusCode(401).header("WWW-Authenticate", containsString("realm=\"treeline-registry\""));
    }

    @Test
    void wrongPasswordAndUnknownUserGet401() {
        given().auth().preemptive().basic("admin", "not-the-password").get("/users").then().statusCode(401);
        given().auth().preemptive().basic("nobody-" + System.nanoTime(), "whatever1").get("/users").then()
                .statusCode(401);
    }

    @Test
    void bootstrapAdminFromConfigurationManagesUsers() {
        asAdmin().get("/users").then().statusCode(200).body("username", hasItem("admin"));
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
    void changedRolesApplyToTheNextRequestAndDeletedUsersCannotLogIn() {
        String user = TestUsers.create("viewer");
        as(user).get("/users").then().statusCode(403);

        asAdmin().contentType("application/json").body(Map.of("roles", List.of("admin")))
                .put("/users/" + user + "/roles").then().statusCode(200).body("roles", equalTo(List.of("admin")));
        as(user).get("/users").then().statusCode(200);

        asAdmin().delete("/users/" + user).then().statusCode(204);
        as(user).get("/users").then().statusCode(401);
    }

    @Test
    void aChangedPasswordTakesEffectOnTheNextRequestThoughTheOldOneWasRemembered() {
        String user = TestUsers.create("admin");
        as(user).get("/users").then().statusCode(200);
        as(user).get("/users").then().statusCode(200); // now answered from the verified-credentials memory

        asAdmin().contentType("application/json").body(Map.of("password", "a brand new secret"))
                .put("/users/" + user + "/password").then().statusCode(204);

        as(user).get("/users").then().statusCode(401);
        given().auth().preemptive().basic(user, "a brand new secret").get("/users").then().statusCode(200);
    }

    @Test
    void invalidUserIsA400ProblemNamingTheField() {
        asAdmin().contentType("application/json")
                .body(Map.of("username", "bad name!", "password", "short", "roles", List.of("superuser")))
                .post("/users").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("username")).body("detail", containsString("password"))
                .body("detail", containsString("must be viewer, approver or admin"));
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
