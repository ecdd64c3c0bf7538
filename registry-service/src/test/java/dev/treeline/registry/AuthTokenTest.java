package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.asAdmin;
import static dev.treeline.registry.TestUsers.login;
import static dev.treeline.registry.TestUsers.withToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Logging in at POST /auth/token (HTTP Basic, the only route that takes it) and the tokens it issues. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class AuthTokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void loginIssuesAnRs256TokenWithTheUsersEffectiveRolesThatTheRegistryAccepts() throws Exception {
        String user = TestUsers.create(Roles.APPROVER);
        Instant before = Instant.now().minusSeconds(1);

        JsonPath answer = given().auth().preemptive().basic(user, TestUsers.PASSWORD).post("/auth/token").then()
                .statusCode(200).contentType("application/json").extract().jsonPath();

        assertThat(answer.getString("tokenType")).isEqualTo("Bearer");
        assertThat(answer.getLong("expiresIn")).isEqualTo(300);
        assertThat(answer.getString("username")).isEqualTo(user);
        assertThat(answer.getList("roles")).containsExactly(Roles.VIEWER, Roles.INVOKER, Roles.APPROVER);
        Instant expiresAt = Instant.parse(answer.getString("expiresAt"));
        assertThat(expiresAt).isBetween(before.plusSeconds(300), Instant.now().plusSeconds(301));

        String token = answer.getString("accessToken");
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(claims.get("iss").asText()).isEqualTo("treeline");
        assertThat(claims.get("upn").asText()).isEqualTo(user);
        assertThat(JSON.convertValue(claims.get("groups"), List.class))
                .containsExactlyInAnyOrder(Roles.VIEWER, Roles.INVOKER, Roles.APPROVER);
        assertThat(claims.get("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        assertThat(claims.get("jti").asText()).isNotBlank();
        assertThat(part(login(user), 1).get("jti").asText()).as("a new jti per token")
                .isNotEqualTo(claims.get("jti").asText());

        withToken(token).get("/auth/whoami").then().statusCode(200)
                .body("username", equalTo(user))
                .body("roles", equalTo(List.of(Roles.VIEWER, Roles.INVOKER, Roles.APPROVER)))
                .body("expiresAt", equalTo(expiresAt.toString()));
        withToken(token).get("/groups").then().statusCode(200);
        withToken(token).get("/users").then().statusCode(403);
    }

    @Test
    void wrongPasswordAndUnknownUserGet401WithABasicChallenge() {
        String user = TestUsers.create(Roles.VIEWER);
        given().auth().preemptive().basic(user, "not-the-password").post("/auth/token").then().statusCode(401)
                .header("WWW-Authenticate", containsStringIgnoringCase("basic realm=\"treeline-registry\""));
        given().auth().preemptive().basic("nobody-" + System.nanoTime(), "whatever1").post("/auth/token").then()
                .statusCode(401);
        given().post("/auth/token").then().statusCode(401)
                .header("WWW-Authenticate", containsStringIgnoringCase("basic"));
    }

    @Test
    void basicCredentialsAreRefusedOnEveryOtherRoute() {
        // admin/admin are right: they still do not open a Bearer route
        given().auth().preemptive().basic("admin", "admin").get("/users").then().statusCode(401)
                .header("WWW-Authenticate", containsStringIgnoringCase("bearer"));
        given().auth().preemptive().basic("admin", "admin").get("/groups").then().statusCode(401);
        given().auth().preemptive().basic("admin", "admin").get("/auth/whoami").then().statusCode(401);
    }

    @Test
    void theTokenEndpointTakesNoBearerToken() {
        given().header("Authorization", TestTokens.bearer("admin", Roles.ADMIN)).post("/auth/token").then()
                .statusCode(401);
    }

    @Test
    void tokensSignedByAnotherKeyExpiredOrFromAnotherIssuerAreRefused() {
        withToken(TestTokens.signedByAStranger("admin", Roles.ADMIN)).get("/auth/whoami").then().statusCode(401);
        // beyond the 30 s clock skew
        withToken(TestTokens.token("admin", Duration.ofMinutes(-2), Roles.ADMIN)).get("/auth/whoami").then()
                .statusCode(401);
        withToken("not.a.token").get("/auth/whoami").then().statusCode(401);
    }

    @Test
    void aRoleChangeTakesEffectWithTheNextToken() {
        String user = TestUsers.create(Roles.VIEWER);
        String before = login(user);
        withToken(before).get("/users").then().statusCode(403);

        asAdmin().contentType("application/json").body(Map.of("roles", List.of(Roles.ADMIN)))
                .put("/users/" + user + "/roles").then().statusCode(200).body("roles", equalTo(List.of("admin")));

        withToken(before).get("/users").then().statusCode(403); // the old token keeps what it says until it expires
        withToken(login(user)).get("/users").then().statusCode(200);

        asAdmin().contentType("application/json").body(Map.of("roles", List.of(Roles.INVOKER)))
                .put("/users/" + user + "/roles").then().statusCode(200);
        String invoker = login(user);
        withToken(invoker).get("/groups").then().statusCode(403);
        withToken(invoker).get("/auth/whoami").then().statusCode(200).body("roles", equalTo(List.of("invoker")));
    }

    @Test
    void aDeletedUserCannotLogInAndTheirTokenStaysValidOnlyUntilItExpires() {
        String user = TestUsers.create(Roles.VIEWER);
        String token = login(user);

        asAdmin().delete("/users/" + user).then().statusCode(204);

        given().auth().preemptive().basic(user, TestUsers.PASSWORD).post("/auth/token").then().statusCode(401);
        // verified locally, no call back to the user table: good for its 5 minutes (TokenExpiryTest waits them out)
        withToken(token).get("/auth/whoami").then().statusCode(200).body("username", equalTo(user));
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]),
                StandardCharsets.UTF_8));
    }
}
