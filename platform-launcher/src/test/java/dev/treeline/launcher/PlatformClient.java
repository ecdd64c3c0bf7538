package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The public APIs of a running platform, as the end-to-end test uses them (plain HTTP, no service code). */
final class PlatformClient {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = basic("admin", "admin");
    static final String APPROVER = basic("alice", "alice-approves");

    private final LocalPlatform platform;

    PlatformClient(LocalPlatform platform) {
        this.platform = platform;
    }

    String kickoff(String model, boolean testing) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("data-prep-service", "/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"testing\":" + testing + "}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("runId").asText();
    }

    JsonNode run(String runId) {
        return getJson("data-prep-service", "/runs/" + runId, null);
    }

    JsonNode runs(String model) {
        return getJson("data-prep-service", "/runs?model=" + model, null);
    }

    /** data-prep's recorded decision on the drift alert with this event id, or null while there is none. */
    JsonNode driftDecision(String model, java.util.UUID eventId) {
        for (JsonNode d : getJson("data-prep-service", "/drift-decisions?model=" + model, null)) {
            if (eventId.toString().equals(d.get("eventId").asText())) {
                return d;
            }
        }
        return null;
    }

    JsonNode versions(String model) {
        JsonNode answer = getJson("registry-service", "/groups/" + model + "/versions", ADMIN);
        return answer.has("items") ? answer.get("items") : answer;
    }

    JsonNode version(String model, int version) {
        return getJson("registry-service", "/groups/" + model + "/versions/" + version, ADMIN);
    }

    HttpResponse<String> changeStatus(String model, int version, String status, String reason) {
        return send(HttpRequest.newBuilder(uri("registry-service", "/groups/" + model + "/versions/" + version
                        + "/status"))
                .header("Authorization", APPROVER).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"approvalStatus\":\"" + status + "\",\"reason\":\""
                        + reason + "\"}")));
    }

    /** The bootstrap admin creates the approver the test acts as. */
    void createApprover() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("registry-service", "/users"))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"alice\",\"password\":\"alice-approves\",\"roles\":[\"approver\"]}")));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode tuningJobs(String model) {
        return getJson("tuning-service", "/tuning-jobs?model=" + model, null);
    }

    /** SageMaker InvokeEndpoint on an account's deployer. */
    HttpResponse<String> invoke(String account, String model, String csv) {
        return send(HttpRequest.newBuilder(uri("deployer-" + account, "/endpoints/treeline-" + account + "/invocations"))
                .header("Content-Type", "text/csv").header("Accept", "text/csv")
                .header("X-Amzn-SageMaker-Target-Model", model)
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    JsonNode getJson(String service, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path)).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = send(request.GET());
        assertThat(response.statusCode()).as(service + path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    private URI uri(String service, String path) {
        return URI.create(platform.url(service) + path);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** Polls until {@code condition} holds for the supplied value; fails with the last value seen. */
    static <T> T await(String what, Duration timeout, Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = value.get();
                lastError = null;
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException | AssertionError e) {
                lastError = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last,
                lastError);
    }
}
