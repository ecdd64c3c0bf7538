package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.asAdmin;
import static dev.treeline.registry.TestUsers.login;
import static dev.treeline.registry.TestUsers.withToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.support.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Tokens expire: with a 10-second lifetime and 1 s of clock skew, a token is accepted until its {@code exp} and refused
 * after, also for a user deleted in between. Runs after the other profiles (name order) on the same servers.
 */
@QuarkusTest
@TestProfile(TokenExpiryTest.ShortLifetime.class)
@QuarkusTestResource(value = SameInfrastructureTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class TokenExpiryTest {

    static final Duration LIFETIME = Duration.ofSeconds(10);

    public static class ShortLifetime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // 1 s of skew: smallrye-jwt reads 0 as "not set" and keeps its default of 60 s
            return Map.of("treeline.registry.token-lifetime", LIFETIME.toString(), "mp.jwt.verify.clock.skew", "1");
        }
    }

    @Test
    void aTokenIsAcceptedUntilItExpiresAndRefusedAfter() {
        String user = TestUsers.create(Roles.VIEWER);
        var answer = given().auth().preemptive().basic(user, TestUsers.PASSWORD).post("/auth/token").then()
                .statusCode(200).extract().jsonPath();
        assertThat(answer.getLong("expiresIn")).isEqualTo(LIFETIME.toSeconds());
        Instant expiresAt = Instant.parse(answer.getString("expiresAt"));
        String token = answer.getString("accessToken");
        withToken(token).get("/groups").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> withToken(token).get("/groups").statusCode() == 401);

        assertThat(Instant.now()).as("refused only once expired").isAfterOrEqualTo(expiresAt);
        withToken(token).get("/auth/whoami").then().statusCode(401);
        withToken(login(user)).get("/groups").then().statusCode(200); // logging in again gives a fresh one
    }

    @Test
    void aDeletedUsersTokenWorksOnlyUntilItExpires() {
        String user = TestUsers.create(Roles.VIEWER);
        String token = login(user);
        asAdmin().delete("/users/" + user).then().statusCode(204);

        withToken(token).get("/auth/whoami").then().statusCode(200); // verified locally: still valid
        given().auth().preemptive().basic(user, TestUsers.PASSWORD).post("/auth/token").then().statusCode(401);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> withToken(token).get("/auth/whoami").statusCode() == 401);
    }
}
