package dev.treeline.deployer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.following.RegistryEventsConsumer;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelGroupChanged;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.Topics;
import dev.treeline.events.definition.ServingSection;
import dev.treeline.support.persistence.ProcessedEvent;
import dev.treeline.support.s3.BucketInitializer;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plays the registry and the tuning service for the deployer's tests: puts real XGBoost artifacts into the
 * training bucket and publishes registry events to the real broker; reads what the deployer published.
 */
public final class RegistryFixture implements AutoCloseable {

    public static final String TRAINING_BUCKET = "treeline-training";

    private final KafkaProducer<String, byte[]> producer;
    private final S3Client s3;

    public RegistryFixture(S3Config s3Config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.s3 = S3Clients.create(s3Config);
        BucketInitializer.ensureBucket(s3, TRAINING_BUCKET);
    }

    /** A registered version: its artifact in the training bucket and the run that produced it. */
    public record Version(String group, int version, String runId, ArtifactRef artifact, TestModels.Trained model) {
    }

    /** Uploads the model as tuning would; {@code claimedSha256} lets a test lie about the digest. */
    public Version upload(String group, int version, TestModels.Trained model, String claimedSha256) {
        String runId = "run-" + UUID.randomUUID();
        String key = "models/" + group + "/tuning-" + runId + "/model.ubj";
        s3.putObject(b -> b.bucket(TRAINING_BUCKET).key(key), RequestBody.fromBytes(model.ubj()));
        ArtifactRef ref = new ArtifactRef(TRAINING_BUCKET, key, claimedSha256, model.ubj().length,
                ArtifactFormat.UBJSON, null);
        return new Version(group, version, runId, ref, model);
    }

    public Version upload(String group, int version, TestModels.Trained model) {
        return upload(group, version, model, model.sha256());
    }

    public EventEnvelope<ModelRegistered> registered(Version v, ApprovalStatus status) {
        return send(v.runId(), new ModelRegistered(v.group(), v.version(), status, v.artifact(), Map.of("auc", 0.9),
                v.runId(), "tuning-" + v.runId(), false));
    }

    public EventEnvelope<ModelApproved> approved(Version v, Instant at) {
        return send(v.runId(), new ModelApproved(v.group(), v.version(), v.artifact(), "alice", "looks good", at,
                ApprovalStatus.PendingManualApproval));
    }

    public EventEnvelope<ModelApproved> approved(Version v) {
        return approved(v, Instant.now());
    }

    public EventEnvelope<ModelRejected> rejected(Version v) {
        return send(v.runId(), new ModelRejected(v.group(), v.version(), v.artifact(), "bob", "bad in shadow test",
                Instant.now(), ApprovalStatus.Approved));
    }

    /** The registry applied definition revision {@code revision} of {@code group}, with this serving section. */
    public EventEnvelope<ModelGroupChanged> groupChanged(String group, int revision, boolean preload) {
        return send(UUID.randomUUID().toString(), new ModelGroupChanged(group, "a model of " + group, "pricing-team",
                List.of("demo"), new ServingSection(preload), revision, false, Instant.now()));
    }

    public <P extends EventPayload> EventEnvelope<P> send(String runId, P payload) {
        EventEnvelope<P> event = EventEnvelope.of(runId, payload);
        resend(event);
        return event;
    }

    /** Publishes the same envelope (same event id) again: a redelivery. */
    public void resend(EventEnvelope<?> event) {
        sendRaw(event.subject(), EventCodec.shared().encode(event));
    }

    public void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.MODEL_PACKAGES, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topics.MODEL_PACKAGES, e);
        }
    }

    /** Events the deployer published on treeline.deployments about {@code group}. */
    public static List<EventEnvelope<?>> deploymentEvents(String group, int expected, Predicate<EventEnvelope<?>> filter) {
        return TopicReader.valuesUntil(Topics.DEPLOYMENTS, v -> {
            EventEnvelope<?> e = EventCodec.shared().decode(v);
            return e.subject().equals(group) && filter.test(e);
        }, expected, Duration.ofSeconds(30)).stream().<EventEnvelope<?>>map(EventCodec.shared()::decode).toList();
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(30), condition);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until the deployer has applied {@code event} (its id recorded in processed_event, in the transaction
     * of its effect): what a test that checks that nothing happened waits for, instead of sleeping. Events of one
     * model group share a partition, so every earlier event of the group has been applied too.
     */
    public static void awaitProcessed(EventEnvelope<?> event) {
        await("event " + event.eventId() + " (" + event.type().wireName() + ") processed",
                () -> QuarkusTransaction.requiringNew().call(() -> ProcessedEvent.findById(
                        new ProcessedEvent.Key(RegistryEventsConsumer.CONSUMER, event.eventId())) != null));
    }

    /** Approves version 1 of {@code group} unless the deployer records it already, and waits until it does. */
    public static void deployOnce(S3Config s3, dev.treeline.deployer.storage.DeploymentStore store, String group,
            TestModels.Trained model) {
        if (store.desired(group).isPresent()) {
            return;
        }
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            registry.approved(registry.upload(group, 1, model));
            await("deployed", () -> store.desired(group).isPresent());
        }
    }

    public static String uniqueGroup(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        s3.close();
    }
}
