package dev.treeline.registry;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;

/** Users created through the admin API with the bootstrap admin (admin/admin in the test profile). */
final class TestUsers {

    static final String PASSWORD = "correct horse battery";

    private TestUsers() {
    }

    static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic("admin", "admin");
    }

    /** A new user with these roles; returns its name (the password is {@link #PASSWORD}). */
    static String create(String... roles) {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().contentType("application/json")
                .body(Map.of("username", username, "password", PASSWORD, "roles", List.of(roles)))
                .post("/users").then().statusCode(201);
        return username;
    }

    static RequestSpecification as(String username) {
        return given().auth().preemptive().basic(username, PASSWORD);
    }
}
