package dev.treeline.registry;

import static dev.treeline.registry.TestUsers.as;
import static dev.treeline.registry.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventType;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.keys.AccessKeyTable;
import dev.treeline.support.security.AccessKeySecrets;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Users' access keys: created and revoked by admins, at most two active, the secret shown once and kept only
 * encrypted, and every change published as a whole-table AccessKeysChanged snapshot on the real broker.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class AccessKeysTest {

    @Inject
    EntityManager em;
    @Inject
    AccessKeyTable table;
    @ConfigProperty(name = "treeline.access-keys.encryption-key")
    String encryptionKey;

    @Test
    void aCreatedKeyIsShownOnceWithItsSecretAndListedWithoutIt() {
        String user = TestUsers.create(Roles.INVOKER);

        JsonPath created = createKey(user);
        String id = created.getString("accessKeyId");
        String secret = created.getString("secretAccessKey");
        assertThat(id).matches("TLAK[A-Z2-7]{16}");
        assertThat(secret).hasSize(40).matches("[A-Za-z0-9+/]{40}");
        assertThat(created.getString("owner")).isEqualTo(user);
        assertThat(created.getString("status")).isEqualTo("Active");
        assertThat(created.getString("createdAt")).isNotBlank();

        String list = asAdmin().get("/users/" + user + "/access-keys").then().statusCode(200)
                .body("accessKeyId", equalTo(List.of(id)))
                .body("[0].owner", equalTo(user))
                .body("[0].status", equalTo("Active"))
                .body("[0].revokedAt", equalTo(null))
                .body(not(containsString("secretAccessKey"))).extract().asString();
        assertThat(list).doesNotContain(secret);
        assertThat(asAdmin().get("/users").asString()).doesNotContain(secret);

        String storedRow = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select cast(row_to_json(k) as text) from access_key k where access_key_id = :id")
                .setParameter("id", id).getSingleResult());
        assertThat(storedRow).contains(id).doesNotContain(secret);
        String ciphertext = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select secret_ciphertext from access_key where access_key_id = :id").setParameter("id", id)
                .getSingleResult());
        assertThat(secrets().decrypt(id, ciphertext)).isEqualTo(secret);
    }

    @Test
    void aUserHoldsAtMostTwoActiveKeysAndARevokedOneMakesRoom() {
        String user = TestUsers.create(Roles.INVOKER);
        String first = createKey(user).getString("accessKeyId");
        createKey(user);

        asAdmin().post("/users/" + user + "/access-keys").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("2 active access keys"));

        asAdmin().delete("/users/" + user + "/access-keys/" + first).then().statusCode(204);
        asAdmin().get("/users/" + user + "/access-keys").then().statusCode(200)
                .body("find { it.accessKeyId == '" + first + "' }.status", equalTo("Revoked"))
                .body("find { it.accessKeyId == '" + first + "' }.revokedAt", not(equalTo(null)));
        createKey(user);
        asAdmin().get("/users/" + user + "/access-keys").then().body("size()", equalTo(3));
        asAdmin().post("/users/" + user + "/access-keys").then().statusCode(409);
    }

    @Test
    void concurrentCreationsNeverGiveAThirdActiveKey() throws Exception {
        String user = TestUsers.create(Roles.INVOKER);
        createKey(user);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> asAdmin().post("/users/" + user + "/access-keys").statusCode()));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (var answer : answers) {
                codes.add(answer.get());
            }
            assertThat(codes).containsExactlyInAnyOrder(201, 409, 409, 409);
        } finally {
            pool.shutdownNow();
        }
        asAdmin().get("/users/" + user + "/access-keys").then().body("size()", equalTo(2));
    }

    @Test
    void keysOfUnknownUsersAndUnknownKeysAre404AndOnlyAdminsManageKeys() {
        asAdmin().post("/users/nobody-here/access-keys").then().statusCode(404);
        asAdmin().get("/users/nobody-here/access-keys").then().statusCode(404);
        String user = TestUsers.create(Roles.INVOKER);
        asAdmin().delete("/users/" + user + "/access-keys/TLAKAAAAAAAAAAAAAAAA").then().statusCode(404);
        String other = TestUsers.create(Roles.INVOKER);
        String othersKey = createKey(other).getString("accessKeyId");
        asAdmin().delete("/users/" + user + "/access-keys/" + othersKey).then().statusCode(404);

        String approver = TestUsers.create(Roles.APPROVER, Roles.OPERATOR);
        as(approver).post("/users/" + user + "/access-keys").then().statusCode(403);
        as(approver).get("/users/" + other + "/access-keys").then().statusCode(403);
        as(other).delete("/users/" + other + "/access-keys/" + othersKey).then().statusCode(403);
        given().get("/users/" + other + "/access-keys").then().statusCode(401);
    }

    @Test
    void everyChangePublishesTheWholeTableWithDecryptableSecretsAndCurrentRolesUnderAGrowingRevision() {
        String user = TestUsers.create(Roles.INVOKER);
        JsonPath created = createKey(user);
        String id = created.getString("accessKeyId");
        String secret = created.getString("secretAccessKey");

        AccessKeysChanged afterCreate = snapshotWith(id, e -> e.status() == AccessKeysChanged.Status.ACTIVE);
        AccessKeysChanged.Entry entry = entry(afterCreate, id).orElseThrow();
        assertThat(entry.owner()).isEqualTo(user);
        assertThat(entry.roles()).containsExactly(Roles.INVOKER);
        assertThat(entry.revokedAt()).isNull();
        assertThat(secrets().decrypt(id, entry.secretCiphertext())).isEqualTo(secret);

        asAdmin().contentType("application/json").body(Map.of("roles", List.of(Roles.OPERATOR)))
                .put("/users/" + user + "/roles").then().statusCode(200);
        AccessKeysChanged afterRoles = snapshotWith(id, e -> e.roles().contains(Roles.OPERATOR));
        assertThat(entry(afterRoles, id).orElseThrow().roles())
                .containsExactlyInAnyOrder(Roles.VIEWER, Roles.INVOKER, Roles.OPERATOR);
        assertThat(afterRoles.revision()).isGreaterThan(afterCreate.revision());

        String second = createKey(user).getString("accessKeyId");
        asAdmin().delete("/users/" + user + "/access-keys/" + id).then().statusCode(204);
        AccessKeysChanged afterRevoke = snapshotWith(id, e -> e.status() == AccessKeysChanged.Status.REVOKED);
        assertThat(entry(afterRevoke, id).orElseThrow().revokedAt()).isNotNull();
        assertThat(entry(afterRevoke, second).orElseThrow().status()).isEqualTo(AccessKeysChanged.Status.ACTIVE);
        assertThat(afterRevoke.revision()).isGreaterThan(afterRoles.revision());

        asAdmin().delete("/users/" + user).then().statusCode(204);
        AccessKeysChanged afterDelete = snapshotWith(second, e -> e.status() == AccessKeysChanged.Status.REVOKED);
        assertThat(entry(afterDelete, second).orElseThrow().roles()).as("a deleted owner has no roles").isEmpty();
        assertThat(entry(afterDelete, id).orElseThrow().status()).isEqualTo(AccessKeysChanged.Status.REVOKED);
        assertThat(afterDelete.revision()).isGreaterThan(afterRevoke.revision());
        asAdmin().get("/users/" + user + "/access-keys").then().statusCode(404);
    }

    @Test
    void theTableIsRepublishedUnderItsCurrentRevision() {
        String user = TestUsers.create(Roles.INVOKER);
        String id = createKey(user).getString("accessKeyId");
        AccessKeysChanged changed = snapshotWith(id, e -> true);

        AccessKeysChanged again = table.republish();

        assertThat(again.revision()).isGreaterThanOrEqualTo(changed.revision());
        AccessKeysChanged published = snapshotWith(id, e -> true, s -> s.revision() == again.revision()
                && s.publishedAt().equals(again.publishedAt()));
        assertThat(published.keys()).isEqualTo(again.keys());
    }

    private static JsonPath createKey(String user) {
        return asAdmin().post("/users/" + user + "/access-keys").then().statusCode(201)
                .header("Location", containsString("/users/" + user + "/access-keys/")).extract().jsonPath();
    }

    private AccessKeySecrets secrets() {
        return AccessKeySecrets.fromBase64(encryptionKey);
    }

    private static Optional<AccessKeysChanged.Entry> entry(AccessKeysChanged snapshot, String id) {
        return snapshot.keys().stream().filter(e -> e.accessKeyId().equals(id)).findFirst();
    }

    private static AccessKeysChanged snapshotWith(String id, Predicate<AccessKeysChanged.Entry> state) {
        return snapshotWith(id, state, s -> true);
    }

    /** The newest snapshot on the topic whose entry for {@code id} is in {@code state}. */
    private static AccessKeysChanged snapshotWith(String id, Predicate<AccessKeysChanged.Entry> state,
                                                  Predicate<AccessKeysChanged> also) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsUntil(Topics.ACCESS_KEYS, r -> {
            AccessKeysChanged s = decode(r.value());
            return also.test(s) && entry(s, id).filter(state).isPresent();
        }, 1, Duration.ofSeconds(30));
        assertThat(records).as("a snapshot with %s in the expected state", id).isNotEmpty();
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(AccessKeysChanged.SUBJECT));
        return records.stream().map(r -> decode(r.value()))
                .max(java.util.Comparator.comparingLong(AccessKeysChanged::revision)).orElseThrow();
    }

    private static AccessKeysChanged decode(byte[] value) {
        EventEnvelope<?> envelope = EventCodec.shared().decode(value);
        assertThat(envelope.type()).isEqualTo(EventType.ACCESS_KEYS_CHANGED);
        assertThat(envelope.subject()).isEqualTo(AccessKeysChanged.SUBJECT);
        return (AccessKeysChanged) envelope.payload();
    }
}
