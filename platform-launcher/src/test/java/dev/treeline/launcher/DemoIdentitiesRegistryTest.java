package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the launcher makes its demo identities through the registry API (as the registry's contract has it: token
 * endpoint with Basic, bearer everywhere else, at most two active keys). A scripted registry stands in; the
 * end-to-end test runs it against the real one.
 */
class DemoIdentitiesRegistryTest {

    static final String ADMIN_PASSWORD = "scripted-admin-password";

    HttpServer server;
    final List<String> calls = new ArrayList<>();
    final Set<String> users = new LinkedHashSet<>();
    final Map<String, JsonNode> createdUsers = new LinkedHashMap<>();
    /** The demo invoker's keys: id -> status, in creation order. */
    final Map<String, String> keys = new LinkedHashMap<>();
    int issued;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] body = exchange.getRequestBody().readAllBytes();
        calls.add(method + " " + path);
        if (path.equals("/auth/token")) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(authorization)) {
                reply(exchange, 401, "");
                return;
            }
            reply(exchange, 200, "{\"accessToken\":\"admin-token\",\"tokenType\":\"Bearer\",\"expiresIn\":300,"
                    + "\"expiresAt\":\"" + Instant.now().plusSeconds(300) + "\",\"username\":\"admin\","
                    + "\"roles\":[\"admin\"]}");
            return;
        }
        if (!"Bearer admin-token".equals(authorization)) {
            reply(exchange, 401, "");
            return;
        }
        String keysPath = "/users/" + DemoIdentities.INVOKER + "/access-keys";
        if (method.equals("POST") && path.equals("/users")) {
            JsonNode user = PlatformClient.JSON.readTree(body);
            boolean created = users.add(user.get("username").asText());
            createdUsers.putIfAbsent(user.get("username").asText(), user);
            reply(exchange, created ? 201 : 409, "{}");
        } else if (method.equals("GET") && path.equals(keysPath)) {
            ArrayNode list = PlatformClient.JSON.createArrayNode();
            int i = 0;
            for (var key : keys.entrySet()) {
                list.addObject().put("accessKeyId", key.getKey()).put("owner", DemoIdentities.INVOKER)
                        .put("status", key.getValue()).put("createdAt", "2026-12-02T00:0" + i++ + ":00Z");
            }
            reply(exchange, 200, list.toString());
        } else if (method.equals("POST") && path.equals(keysPath)) {
            if (keys.values().stream().filter("Active"::equals).count() >= 2) {
                reply(exchange, 409, "{\"detail\":\"at most two active keys\"}");
                return;
            }
            String id = "TLAK" + "ABCDEFGHIJKLMNO".charAt(issued) + "234567ABCDEFGHIJ".substring(0, 15);
            issued++;
            keys.put(id, "Active");
            ObjectNode created = PlatformClient.JSON.createObjectNode().put("accessKeyId", id)
                    .put("secretAccessKey", "secret-number-" + issued + "-".repeat(24)).put("owner",
                            DemoIdentities.INVOKER).put("status", "Active");
            reply(exchange, 201, created.toString());
        } else if (method.equals("DELETE") && path.startsWith(keysPath + "/")) {
            keys.put(path.substring(keysPath.length() + 1), "Revoked");
            reply(exchange, 204, null);
        } else {
            reply(exchange, 404, "");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private DemoIdentities identities() {
        return new DemoIdentities("http://127.0.0.1:" + server.getAddress().getPort(), dataDir);
    }

    @Test
    void theFirstStartCreatesTheDemoUsersWithTheirRolesAndOneKeySavedForItsOwnerOnly() throws Exception {
        DemoIdentities.AccessKey key = identities().ensure("admin", ADMIN_PASSWORD);

        assertThat(calls).startsWith("POST /auth/token", "POST /users", "POST /users", "POST /users");
        assertThat(createdUsers.get("alice").get("roles").toString()).isEqualTo("[\"approver\"]");
        assertThat(createdUsers.get("oscar").get("roles").toString()).isEqualTo("[\"operator\"]");
        assertThat(createdUsers.get(DemoIdentities.INVOKER).get("roles").toString()).isEqualTo("[\"invoker\"]");
        assertThat(keys).containsOnlyKeys(key.accessKeyId());
        Path file = identities().credentialsFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("[demo-invoker]", "aws_access_key_id = " + key.accessKeyId(),
                "aws_secret_access_key = " + key.secretAccessKey());
        assertThat(key.exportLine()).isEqualTo("export AWS_ACCESS_KEY_ID=" + key.accessKeyId()
                + " AWS_SECRET_ACCESS_KEY=" + key.secretAccessKey());
        assertThat(key.toString()).doesNotContain(key.secretAccessKey());
    }

    @Test
    void aRestartReusesTheSavedKeyWhileItIsActive() throws Exception {
        DemoIdentities.AccessKey first = identities().ensure("admin", ADMIN_PASSWORD);
        calls.clear();

        DemoIdentities.AccessKey again = identities().ensure("admin", ADMIN_PASSWORD);

        assertThat(again).isEqualTo(first);
        assertThat(calls).doesNotContain("POST /users/" + DemoIdentities.INVOKER + "/access-keys");
        assertThat(keys).hasSize(1);
    }

    @Test
    void aRevokedSavedKeyIsReplacedAndTwoActiveKeysMakeRoomByRevokingTheOldest() throws Exception {
        DemoIdentities.AccessKey first = identities().ensure("admin", ADMIN_PASSWORD);
        keys.put(first.accessKeyId(), "Revoked");
        DemoIdentities.AccessKey second = identities().ensure("admin", ADMIN_PASSWORD);
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());

        Files.delete(identities().credentialsFile()); // lost, while two keys are active
        keys.put("TLAKSOMEONEELSESKEY2", "Active");
        DemoIdentities.AccessKey third = identities().ensure("admin", ADMIN_PASSWORD);

        assertThat(keys.get(second.accessKeyId())).as("the oldest active key").isEqualTo("Revoked");
        assertThat(keys.get(third.accessKeyId())).isEqualTo("Active");
        assertThat(Files.readString(identities().credentialsFile())).contains(third.accessKeyId());
    }

    @Test
    void aWrongAdminPasswordSaysWhatFailedWithoutThePassword() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> identities().ensure("admin", "not-it"))
                .isInstanceOf(IOException.class).hasMessageContaining("log in as admin").hasMessageContaining("401")
                .hasMessageNotContaining("not-it");
    }
}
