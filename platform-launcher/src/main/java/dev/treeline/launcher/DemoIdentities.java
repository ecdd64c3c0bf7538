package dev.treeline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The local run's demo identities, made through the registry API as the bootstrap admin: the approver alice, the
 * operator oscar and the service identity {@code demo-invoker} (role invoker) with one access key, kept in
 * {@code <data dir>/demo-invoker.credentials} (AWS shared-credentials format, 0600) and reused on the next start while
 * the registry still lists it as active.
 */
final class DemoIdentities {

    /** A demo user as created; the passwords are the README's. */
    record DemoUser(String username, String password, String role) {
        @Override
        public String toString() {
            return "DemoUser[" + username + ", " + role + "]";
        }
    }

    static final DemoUser APPROVER = new DemoUser("alice", "alice-approves", "approver");
    static final DemoUser OPERATOR = new DemoUser("oscar", "oscar-operates", "operator");
    static final String INVOKER = "demo-invoker";
    /** As the CLI reads it (TreelineCli.DEMO_INVOKER_FILE). */
    static final String CREDENTIALS_FILE = "demo-invoker.credentials";

    /** An access key pair; {@link #toString()} never shows the secret. */
    record AccessKey(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + "]";
        }

        String exportLine() {
            return "export AWS_ACCESS_KEY_ID=" + accessKeyId + " AWS_SECRET_ACCESS_KEY=" + secretAccessKey;
        }
    }

    /** What to do about the demo invoker's key, from the saved file and the registry's list of its keys. */
    enum KeyAction { REUSE, CREATE, REVOKE_OLDEST_THEN_CREATE }

    /** A key as the registry lists it (no secret). */
    record ListedKey(String accessKeyId, String status, String createdAt) {
    }

    static final int MAX_ACTIVE_KEYS = 2;

    /** Pure: reuse the saved key while it is active; else make one, first revoking the oldest if two are active. */
    static KeyAction keyAction(Optional<String> savedKeyId, List<ListedKey> listed) {
        List<ListedKey> active = listed.stream().filter(k -> "Active".equalsIgnoreCase(k.status())).toList();
        if (savedKeyId.isPresent() && active.stream().anyMatch(k -> k.accessKeyId().equals(savedKeyId.get()))) {
            return KeyAction.REUSE;
        }
        return active.size() >= MAX_ACTIVE_KEYS ? KeyAction.REVOKE_OLDEST_THEN_CREATE : KeyAction.CREATE;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String registryUrl;
    private final Path dataDir;

    DemoIdentities(String registryUrl, Path dataDir) {
        this.registryUrl = registryUrl;
        this.dataDir = dataDir;
    }

    Path credentialsFile() {
        return dataDir.resolve(CREDENTIALS_FILE);
    }

    /** Creates what is missing (409 means a user exists) and returns the demo invoker's key. */
    AccessKey ensure(String adminUser, String adminPassword) throws IOException, InterruptedException {
        String admin = token(adminUser, adminPassword);
        createUser(admin, APPROVER.username(), APPROVER.password(), APPROVER.role());
        createUser(admin, OPERATOR.username(), OPERATOR.password(), OPERATOR.role());
        // A service identity signs with its keys; nobody logs in with this password, so it is random and not kept.
        createUser(admin, INVOKER, randomSecret(), "invoker");

        Optional<AccessKey> saved = readSaved();
        List<ListedKey> listed = listKeys(admin);
        switch (keyAction(saved.map(AccessKey::accessKeyId), listed)) {
            case REUSE:
                return saved.orElseThrow();
            case REVOKE_OLDEST_THEN_CREATE:
                ListedKey oldest = listed.stream().filter(k -> "Active".equalsIgnoreCase(k.status()))
                        .min(Comparator.comparing(ListedKey::createdAt)).orElseThrow();
                expect(send(admin, "DELETE", "/users/" + INVOKER + "/access-keys/" + oldest.accessKeyId(), null),
                        "revoke the demo invoker's oldest key", 204, 200);
                break;
            default:
                break;
        }
        JsonNode created = JSON.readTree(expect(send(admin, "POST", "/users/" + INVOKER + "/access-keys", null),
                "create the demo invoker's access key", 201, 200).body());
        AccessKey key = new AccessKey(created.path("accessKeyId").asText(), created.path("secretAccessKey").asText());
        LocalSecrets.writeOwnerOnly(credentialsFile(), String.join("\n",
                "# The local run's demo invoker (role invoker): ./treeline invoke reads this file; boto3 and the AWS",
                "# CLI too: AWS_SHARED_CREDENTIALS_FILE=<this file> AWS_PROFILE=" + INVOKER,
                "[" + INVOKER + "]",
                "aws_access_key_id = " + key.accessKeyId(),
                "aws_secret_access_key = " + key.secretAccessKey(), ""));
        return key;
    }

    /** POST /auth/token with HTTP Basic: the bearer token. */
    String token(String user, String password) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + "/auth/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        expect(response, "log in as " + user, 200);
        return JSON.readTree(response.body()).path("accessToken").asText();
    }

    private void createUser(String admin, String username, String password, String role)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("username", username, "password", password,
                "roles", List.of(role)));
        expect(send(admin, "POST", "/users", body), "create the demo user " + username, 201, 200, 409);
    }

    private List<ListedKey> listKeys(String admin) throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(expect(send(admin, "GET", "/users/" + INVOKER + "/access-keys", null),
                "list the demo invoker's keys", 200).body());
        JsonNode items = answer.has("items") ? answer.get("items") : answer;
        List<ListedKey> keys = new ArrayList<>();
        for (JsonNode k : items) {
            keys.add(new ListedKey(k.path("accessKeyId").asText(), k.path("status").asText(),
                    k.path("createdAt").asText("")));
        }
        return keys;
    }

    private Optional<AccessKey> readSaved() throws IOException {
        if (!Files.isReadable(credentialsFile())) {
            return Optional.empty();
        }
        Properties properties = LocalSecrets.read(credentialsFile());
        String id = properties.getProperty("aws_access_key_id");
        String secret = properties.getProperty("aws_secret_access_key");
        return id == null || secret == null ? Optional.empty() : Optional.of(new AccessKey(id.strip(), secret.strip()));
    }

    private HttpResponse<String> send(String token, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registryUrl + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, String what, int... statuses)
            throws IOException {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        // The body is the registry's problem detail; it never carries a password or a secret.
        throw new IOException("could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
