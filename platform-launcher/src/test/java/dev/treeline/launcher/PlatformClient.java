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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The public APIs of a running platform, as the end-to-end test uses them (plain HTTP, no service code): bearer tokens
 * from the registry's token endpoint for people, SigV4 with the demo invoker's access key for invocations.
 */
final class PlatformClient {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Tokens are renewed this long before they expire (the registry's default lifetime is five minutes). */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    private static final Set<String> RESTRICTED = Set.of("host", "content-length");

    record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + "]";
        }
    }

    private record Token(String value, Instant expiresAt) {
    }

    private final LocalPlatform platform;
    final Login admin;
    final Login approver = new Login(DemoIdentities.APPROVER.username(), DemoIdentities.APPROVER.password());
    final Login operator = new Login(DemoIdentities.OPERATOR.username(), DemoIdentities.OPERATOR.password());
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** Every token the registry issued to this client: the log search looks for them. */
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();

    PlatformClient(LocalPlatform platform, String adminPassword) {
        this.platform = platform;
        this.admin = new Login(LocalPlatform.ADMIN_USER, adminPassword);
    }

    // --- authentication ----------------------------------------------------------------------------------------

    /** POST /auth/token with HTTP Basic, as `./treeline login` does. */
    HttpResponse<String> login(String user, String password) {
        return send(HttpRequest.newBuilder(uri("registry-service", "/auth/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A valid bearer token of this user, logging in again when the cached one is about to expire. */
    String bearer(Login login) {
        Token token = tokens.get(login.user());
        if (token == null || token.expiresAt().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            HttpResponse<String> response = login(login.user(), login.password());
            assertThat(response.statusCode()).as("login of " + login.user() + ": " + response.body()).isEqualTo(200);
            JsonNode answer = json(response.body());
            token = new Token(answer.get("accessToken").asText(), Instant.parse(answer.get("expiresAt").asText()));
            issuedTokens.add(token.value());
            tokens.put(login.user(), token);
        }
        return "Bearer " + token.value();
    }

    // --- data-prep, tuning, registry -------------------------------------------------------------------------

    String kickoff(String model, boolean testing) {
        HttpResponse<String> response = kickoff(model, testing, bearer(operator));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("runId").asText();
    }

    HttpResponse<String> kickoff(String model, boolean testing, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("data-prep-service", "/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"testing\":" + testing + "}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    JsonNode run(String runId) {
        return getJson("data-prep-service", "/runs/" + runId, bearer(approver));
    }

    JsonNode runs(String model) {
        return getJson("data-prep-service", "/runs?model=" + model, bearer(approver));
    }

    /** data-prep's recorded decision on the drift alert with this event id, or null while there is none. */
    JsonNode driftDecision(String model, java.util.UUID eventId) {
        for (JsonNode d : getJson("data-prep-service", "/drift-decisions?model=" + model, bearer(approver))) {
            if (eventId.toString().equals(d.get("eventId").asText())) {
                return d;
            }
        }
        return null;
    }

    /** The registry's model groups (GET /groups), or the one named, null while it has none of that name. */
    JsonNode group(String model) {
        for (JsonNode group : getJson("registry-service", "/groups", bearer(approver))) {
            if (group.path("name").asText().equals(model)) {
                return group;
            }
        }
        return null;
    }

    JsonNode versions(String model) {
        JsonNode answer = getJson("registry-service", "/groups/" + model + "/versions", bearer(approver));
        return answer.has("items") ? answer.get("items") : answer;
    }

    JsonNode version(String model, int version) {
        return getJson("registry-service", "/groups/" + model + "/versions/" + version, bearer(approver));
    }

    HttpResponse<String> changeStatus(String model, int version, String status, String reason) {
        return send(HttpRequest.newBuilder(uri("registry-service", "/groups/" + model + "/versions/" + version
                        + "/status"))
                .header("Authorization", bearer(approver)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"approvalStatus\":\"" + status + "\",\"reason\":\""
                        + reason + "\"}")));
    }

    JsonNode tuningJobs(String model) {
        return getJson("tuning-service", "/tuning-jobs?model=" + model, bearer(approver));
    }

    // --- invocations -----------------------------------------------------------------------------------------

    /** SageMaker InvokeEndpoint on an account's deployer, signed with the demo invoker's key. */
    HttpResponse<String> invoke(String account, String model, String csv) {
        DemoIdentities.AccessKey key = platform.demoInvokerKey();
        assertThat(key).as("the launcher made the demo invoker's key").isNotNull();
        return invoke(account, model, csv, key.accessKeyId(), key.secretAccessKey());
    }

    HttpResponse<String> invoke(String account, String model, String csv, String accessKeyId, String secret) {
        URI uri = uri("deployer-" + account, "/endpoints/treeline-" + account + "/invocations");
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "text/csv").putHeader("Accept", "text/csv")
                .putHeader("X-Amzn-SageMaker-Target-Model", model).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return send(request);
    }

    // --- management interface ------------------------------------------------------------------------------

    HttpResponse<String> health(String service) {
        return send(HttpRequest.newBuilder(URI.create(platform.managementUrl(service) + "/q/health/ready")).GET());
    }

    /** The same path on the API port, where health no longer answers. */
    HttpResponse<String> healthOnTheApiPort(String service) {
        return send(HttpRequest.newBuilder(uri(service, "/q/health/ready")).GET());
    }

    // --- plumbing --------------------------------------------------------------------------------------------

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
