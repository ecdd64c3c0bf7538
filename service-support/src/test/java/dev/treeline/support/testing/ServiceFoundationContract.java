package dev.treeline.support.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.support.outbox.Outbox;
import dev.treeline.support.persistence.IdempotencyGuard;
import dev.treeline.support.persistence.ProcessedEvent;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.S3Config;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service must do on the real infrastructure: be ready only with Kafka, its database and its
 * bucket reachable; own its Flyway schema; apply an event once; store objects with their hash; publish
 * metrics; answer errors as problem details. Each service's test extends this with its own
 * {@code @QuarkusTest} and {@code LocalInfraTestResource}.
 */
public abstract class ServiceFoundationContract {

    @Inject
    protected EntityManager em;
    @Inject
    protected IdempotencyGuard idempotency;
    @Inject
    protected ObjectStore objectStore;
    @Inject
    protected S3Config s3;
    @Inject
    protected Outbox outbox;

    /** Migrations this service adds after the shared ones, e.g. "1". */
    protected abstract List<String> ownMigrationVersions();

    /** Health and metrics: on the management interface when it is enabled (as every service runs), else the main port. */
    @TestHTTPResource(value = "/", management = true)
    protected URL managementRoot;

    protected String managementBase() {
        boolean management = ConfigProvider.getConfig().getOptionalValue("quarkus.management.enabled", Boolean.class)
                .orElse(false);
        return management ? managementRoot.getProtocol() + "://" + managementRoot.getHost() + ":"
                + managementRoot.getPort() : "";
    }

    @Test
    void readinessIsUpWithKafkaDatabaseAndBucketChecked() {
        given().when().get(managementBase() + "/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka connection health check", "Database connections health check",
                        "S3 bucket " + s3.bucket()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void flywayAppliedTheSharedAndTheServiceMigrations() {
        List<String> versions = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select version from flyway_schema_history where success order by installed_rank").getResultList());
        assertThat(versions).startsWith("0.1").containsAll(ownMigrationVersions());
    }

    @Test
    void redeliveredEventIsAppliedOnlyOnce() {
        UUID eventId = UUID.randomUUID();
        boolean first = QuarkusTransaction.requiringNew().call(() -> idempotency.firstDelivery("contract-test", eventId,
                "DatasetReady"));
        boolean second = QuarkusTransaction.requiringNew().call(() -> idempotency.firstDelivery("contract-test",
                eventId, "DatasetReady"));
        boolean otherConsumer = QuarkusTransaction.requiringNew().call(() -> idempotency.firstDelivery(
                "another-consumer", eventId, "DatasetReady"));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(otherConsumer).isTrue();
        long rows = QuarkusTransaction.requiringNew().call(() -> ProcessedEvent.count("id.eventId", eventId));
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void objectsRoundTripThroughTheServiceBucketWithTheirSha256() {
        byte[] content = "label,f1\n1,2\n".getBytes(StandardCharsets.UTF_8);
        ObjectRef ref = objectStore.put(s3.bucket(), "contract-test/" + UUID.randomUUID() + ".csv", content, 1L);
        // printf 'label,f1\n1,2\n' | sha256sum
        assertThat(ref.sha256()).isEqualTo("4c472b87dee4b7656da7b5d3e9292c3cec5a99c25786e8f76051d73432880eba");
        assertThat(objectStore.read(ref)).isEqualTo(content);
    }

    @Test
    void outboxSendsACommittedEventAndNeverARolledBackOne() {
        String run = UUID.randomUUID().toString();
        EventEnvelope<RunFailed> committed = EventEnvelope.of(run,
                new RunFailed(run, "contract-model", "contract", "committed"));
        EventEnvelope<RunFailed> rolledBack = EventEnvelope.of(run,
                new RunFailed(run, "contract-model", "contract", "rolled back"));
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(committed));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish(rolledBack);
                throw new IllegalStateException("the state change failed");
            });
        } catch (IllegalStateException expected) {
            // the event must go with it
        }

        List<byte[]> sent = TopicReader.valuesUntil(Topics.RUN_FAILURES, value -> run.equals(
                EventCodec.shared().decode(value).correlationId()), 1, java.time.Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        assertThat(EventCodec.shared().decode(sent.get(0)).eventId()).isEqualTo(committed.eventId());
        long unsentOrRolledBack = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from outbox_event where event_id = :id or (event_id = :committed"
                        + " and published_at is null)")
                .setParameter("id", rolledBack.eventId()).setParameter("committed", committed.eventId())
                .getSingleResult()).longValue());
        assertThat(unsentOrRolledBack).isZero();
    }

    @Test
    void metricsArePublishedInPrometheusFormat() {
        given().when().get(managementBase() + "/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void unknownPathIsAProblemDetailWithoutStackTrace() {
        // with a valid token: the deny-by-default path policy answers 401 to anonymous callers first
        boolean verifiesTokens = ConfigProvider.getConfig()
                .getOptionalValue("mp.jwt.verify.publickey.location", String.class).isPresent();
        var request = verifiesTokens ? given().header("Authorization", TestTokens.bearer("foundation",
                dev.treeline.support.security.Roles.VIEWER)) : given();
        request.when().get("/no-such-resource").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body(not(containsString("at dev.treeline")));
    }
}
