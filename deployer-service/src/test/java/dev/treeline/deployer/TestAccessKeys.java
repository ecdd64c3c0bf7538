package dev.treeline.deployer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.treeline.deployer.accesskeys.AccessKeyTable;
import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.Topics;
import dev.treeline.support.security.AccessKeySecrets;
import io.quarkus.arc.Arc;

/**
 * Plays the registry's access-key table for the deployer's tests: publishes AccessKeysChanged snapshots, secrets
 * encrypted with the {@code %test} encryption key, on the real broker. Every snapshot holds the standard keys below
 * (plus what a test adds), so whatever snapshot is newest, signed test invocations keep working.
 */
public final class TestAccessKeys {

    /** A key as the registry hands it out once: id and secret. */
    public record Key(String accessKeyId, String secret, String owner, AccessKeysChanged.Status status,
            Set<String> roles) {
        public AccessKeysChanged.Entry entry(AccessKeySecrets secrets) {
            return new AccessKeysChanged.Entry(accessKeyId, owner, status, roles,
                    secrets.encrypt(accessKeyId, secret), Instant.parse("2026-12-01T00:00:00Z"),
                    status == AccessKeysChanged.Status.REVOKED ? Instant.parse("2026-12-01T01:00:00Z") : null);
        }
    }

    /** Owner {@code invoker-bot} with {@code invoker}: what every signed test invocation uses. */
    public static final Key INVOKER = new Key("TLAKINVOKERBOT2345", "invoker/Secret+Key0123456789abcdefGHIJKLMN",
            "invoker-bot", AccessKeysChanged.Status.ACTIVE, Set.of("invoker"));
    /** Owner {@code reader} with {@code viewer} only: signs correctly, must be refused (AccessDeniedException). */
    public static final Key VIEWER_ONLY = new Key("TLAKREADERONLY2345", "reader/Secret+Key0123456789abcdefGHIJKLMNOP",
            "reader", AccessKeysChanged.Status.ACTIVE, Set.of("viewer"));
    /** Owner {@code invoker-bot}, revoked. */
    public static final Key REVOKED = new Key("TLAKREVOKEDKEY2345", "revoked/Secret+Key0123456789abcdefGHIJKLM",
            "invoker-bot", AccessKeysChanged.Status.REVOKED, Set.of("invoker"));
    /** Owner {@code ops} with {@code operator}, which implies invoker. */
    public static final Key OPERATOR = new Key("TLAKOPERATORKEY234", "operator/Secret+Key0123456789abcdefGHIJK",
            "ops", AccessKeysChanged.Status.ACTIVE, Set.of("operator", "viewer", "invoker"));

    public static final List<Key> STANDARD = List.of(INVOKER, VIEWER_ONLY, REVOKED, OPERATOR);

    private static final AtomicLong LAST_REVISION = new AtomicLong();

    private TestAccessKeys() {
    }

    /** {@code %test.treeline.access-keys.encryption-key} in application.properties. */
    public static final String ENCRYPTION_KEY = "dGVzdC1vbmx5LWFjY2Vzcy1rZXktZW5jcnlwdGlvbiE=";

    public static AccessKeySecrets secrets() {
        return AccessKeySecrets.fromBase64(ENCRYPTION_KEY);
    }

    /** Grows across test classes and restarts in one JVM (time-based, never repeated). */
    public static long nextRevision() {
        return LAST_REVISION.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    /** The standard keys plus {@code extra}, as one snapshot entry list. */
    public static List<AccessKeysChanged.Entry> standardPlus(AccessKeySecrets secrets, List<Key> extra) {
        List<AccessKeysChanged.Entry> entries = new ArrayList<>();
        for (Key k : STANDARD) {
            entries.add(k.entry(secrets));
        }
        for (Key k : extra) {
            entries.add(k.entry(secrets));
        }
        return entries;
    }

    public static EventEnvelope<AccessKeysChanged> publish(long revision, List<AccessKeysChanged.Entry> entries) {
        EventEnvelope<AccessKeysChanged> event = EventEnvelope.of("access-keys-" + UUID.randomUUID(),
                new AccessKeysChanged(revision, Instant.now(), entries));
        publishRaw(EventCodec.shared().encode(event));
        return event;
    }

    public static void publishRaw(byte[] value) {
        publishRaw(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), value);
    }

    public static void publishRaw(String bootstrapServers, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ACCESS_KEYS, AccessKeysChanged.SUBJECT, value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topics.ACCESS_KEYS, e);
        }
    }

    public static AccessKeyTable table() {
        return Arc.container().instance(AccessKeyTable.class).get();
    }

    /** Publishes the standard snapshot unless the running deployer serves the standard keys already, and waits. */
    public static void ensurePublished() {
        AccessKeyTable table = table();
        if (STANDARD.stream().allMatch(k -> table.entry(k.accessKeyId()) != null)) {
            return;
        }
        long revision = nextRevision();
        publish(revision, standardPlus(secrets(), List.of()));
        RegistryFixture.await("access-key snapshot " + revision + " served", Duration.ofSeconds(30),
                () -> table.revision() >= revision);
    }
}
