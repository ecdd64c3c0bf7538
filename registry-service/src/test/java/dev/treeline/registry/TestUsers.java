package dev.treeline.registry;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

/**
 * Users created through the admin API, and requests as them. Most tests call with tokens signed by the test key
 * ({@link TestTokens}, the roles the user was created with), which the registry verifies as it verifies its own;
 * {@link #login} goes through {@code POST /auth/token} for the tests of logging in itself.
 */
final class TestUsers {

    static final String PASSWORD = "correct horse battery";
    private static final Map<String, String[]> ROLES = new ConcurrentHashMap<>();

    private TestUsers() {
    }

    /** As the bootstrap admin (admin/admin in the test profile). */
    static RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.bearer("admin", Roles.ADMIN));
    }

    /** A new user with these roles; returns its name (the password is {@link #PASSWORD}). */
    static String create(String... roles) {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().contentType("application/json")
                .body(Map.of("username", username, "password", PASSWORD, "roles", List.of(roles)))
                .post("/users").then().statusCode(201);
        ROLES.put(username, roles);
        return username;
    }

    /** As a user made by {@link #create}, with a token carrying the roles it was created with. */
    static RequestSpecification as(String username) {
        String[] roles = ROLES.get(username);
        if (roles == null) {
            throw new IllegalArgumentException(username + " was not made by TestUsers.create");
        }
        return withToken(TestTokens.token(username, roles));
    }

    static RequestSpecification withToken(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Logs in with HTTP Basic at {@code POST /auth/token}; returns the access token. */
    static String login(String username, String password) {
        return given().auth().preemptive().basic(username, password).post("/auth/token").then().statusCode(200)
                .extract().path("accessToken");
    }

    static String login(String username) {
        return login(username, PASSWORD);
    }
}
