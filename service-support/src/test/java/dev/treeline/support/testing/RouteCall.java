package dev.treeline.support.testing;

import static io.restassured.RestAssured.given;

import java.util.function.UnaryOperator;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One declared route made callable: the method, the path with its sample parameters filled in, the sample body.
 * {@link #send(UnaryOperator)} adds credentials (or none) and calls the application's main port.
 */
public record RouteCall(String method, String template, String path, String contentType, String body) {

    /** Calls the route with no credentials. */
    public Response send() {
        return send(UnaryOperator.identity());
    }

    /** Calls the route with what {@code credentials} adds to the request (a header, Basic auth, ...). */
    public Response send(UnaryOperator<RequestSpecification> credentials) {
        RequestSpecification request = given().redirects().follow(false);
        if (body != null) {
            request = request.contentType(contentType).body(body);
        }
        request = credentials.apply(request);
        String httpMethod = "*".equals(method) ? "GET" : method;
        return request.request(httpMethod, path);
    }

    /** Calls the route with {@code Authorization: Bearer <token>}. */
    public Response sendBearer(String token) {
        return send(request -> request.header("Authorization", "Bearer " + token));
    }

    /** {@code GET /runs/{id}} as declared. */
    public String name() {
        return method + " " + template;
    }
}
