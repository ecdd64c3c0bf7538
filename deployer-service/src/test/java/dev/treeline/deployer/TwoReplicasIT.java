package dev.treeline.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.Topics;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Connection;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two processes of one account (the packaged service, same database, bucket and consumer group) serve
 * the same versions: whichever replica consumed an event records it, and the other follows the table. Both
 * accept invocations signed with a key of the registry's access-key table, which only one of them consumed.
 */
class TwoReplicasIT {

    static LocalInfrastructure infra;
    static final List<Process> replicas = new ArrayList<>();
    static final List<String> urls = new ArrayList<>();
    static final List<String> managementUrls = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(99, 3);

    @BeforeAll
    static void start() throws Exception {
        a = TestModels.train(101, 1f);
        b = TestModels.train(102, -2f);
        infra = LocalInfrastructure.builder().start();
        infra.createDatabase("deployer_replicas");
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        Path publicKey = Files.createTempFile("treeline-jwt-", ".pem");
        try (var in = TwoReplicasIT.class.getClassLoader().getResourceAsStream("treeline-test-jwt/public.pem")) {
            Files.write(publicKey, in.readAllBytes());
        }
        // The registry's key table, before the replicas start: whichever consumes it, both must serve it.
        TestAccessKeys.publishRaw(infra.settings().kafkaBootstrapServers(), EventCodec.shared().encode(
                EventEnvelope.of("it-keys", new AccessKeysChanged(TestAccessKeys.nextRevision(), Instant.now(),
                        TestAccessKeys.standardPlus(TestAccessKeys.secrets(), List.of())))));
        assertThat(jar).exists();
        for (int i = 0; i < 2; i++) {
            int port;
            int managementPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0);
                    java.net.ServerSocket other = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
                managementPort = other.getLocalPort();
            }
            Map<String, String> env = new HashMap<>(InfraSettings.asEnvironment(
                    infra.settings().quarkusConfig("deployer_replicas")));
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
            env.put("TREELINE_ACCESS_KEYS_ENCRYPTION_KEY", TestAccessKeys.ENCRYPTION_KEY);
            env.put("TREELINE_S3_BUCKET", "treeline-replicas");
            env.put("TREELINE_S3_CREATE_BUCKET", "true");
            env.put("TREELINE_DEPLOYER_ACCOUNT", "qa");
            env.put("TREELINE_DEPLOYER_ENDPOINT_NAME", "treeline-sandbox");
            env.put("TREELINE_DEPLOYER_POLICY", "approved");
            env.put("TREELINE_DEPLOYER_CONSUMER_GROUP", "deployer-qa-replicas");
            env.put("TREELINE_DEPLOYER_REPLICA_POLL_INTERVAL", "PT0.5S");
            Path log = Files.createTempFile("replica-" + i + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx384m", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            replicas.add(pb.start());
            urls.add("http://127.0.0.1:" + port);
            managementUrls.add("http://127.0.0.1:" + managementPort);
        }
        for (String url : managementUrls) {
            await(url + " ready", Duration.ofSeconds(120), () -> get(url + "/q/health/ready") == 200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : replicas) {
            p.destroy();
        }
        for (Process p : replicas) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (infra != null) {
            infra.close();
        }
        if (a != null) {
            a.booster().dispose();
            b.booster().dispose();
        }
    }

    @Test
    void bothReplicasServeTheRecordedVersionThroughApprovalAndRollback() throws Exception {
        InfraSettings s = infra.settings();
        Map<String, String> s3cfg = s.s3Config();
        S3Connection connection = new S3Connection() {
            public java.util.Optional<URI> endpoint() {
                return java.util.Optional.of(URI.create(s3cfg.get("treeline.s3.endpoint")));
            }

            public String region() {
                return "us-east-1";
            }

            public java.util.Optional<String> accessKeyId() {
                return java.util.Optional.of(s3cfg.get("treeline.s3.access-key-id"));
            }

            public java.util.Optional<String> secretAccessKey() {
                return java.util.Optional.of(s3cfg.get("treeline.s3.secret-access-key"));
            }

            public boolean pathStyleAccess() {
                return true;
            }
        };
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrapServers());
        try (S3Client s3 = S3Clients.create(connection);
                KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(props, new StringSerializer(),
                        new ByteArraySerializer())) {
            s3.createBucket(r -> r.bucket("treeline-training"));
            String csvA = expected(a);
            String csvB = expected(b);
            ArtifactRef v1 = upload(s3, "shared", 1, a);
            ArtifactRef v2 = upload(s3, "shared", 2, b);

            send(kafka, new ModelApproved("shared", 1, v1, "alice", "ok", Instant.now(),
                    ApprovalStatus.PendingManualApproval));
            for (String url : urls) {
                await(url + " serves v1", Duration.ofSeconds(60), () -> csvA.equals(invoke(url)));
            }
            send(kafka, new ModelApproved("shared", 2, v2, "alice", "ok", Instant.now(),
                    ApprovalStatus.PendingManualApproval));
            for (String url : urls) {
                await(url + " swapped to v2", Duration.ofSeconds(30), () -> csvB.equals(invoke(url)));
            }
            send(kafka, new ModelRejected("shared", 2, v2, "bob", "bad", Instant.now(), ApprovalStatus.Approved));
            for (String url : urls) {
                await(url + " rolled back to v1", Duration.ofSeconds(30), () -> csvA.equals(invoke(url)));
            }
            // Both stay there: ask each several times.
            for (int i = 0; i < 10; i++) {
                for (String url : urls) {
                    assertThat(invoke(url)).isEqualTo(csvA);
                }
            }
        }
    }

    private static ArtifactRef upload(S3Client s3, String group, int version, TestModels.Trained model) {
        String key = "models/" + group + "/it-" + version + "/model.ubj";
        s3.putObject(r -> r.bucket("treeline-training").key(key), RequestBody.fromBytes(model.ubj()));
        return new ArtifactRef("treeline-training", key, model.sha256(), model.ubj().length, ArtifactFormat.UBJSON,
                null);
    }

    private static void send(KafkaProducer<String, byte[]> kafka, EventPayload payload) throws Exception {
        EventEnvelope<?> event = EventEnvelope.of("run-it", payload);
        kafka.send(new ProducerRecord<>(Topics.MODEL_PACKAGES, event.subject(), EventCodec.shared().encode(event)))
                .get();
    }

    private static String expected(TestModels.Trained model) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (float f : model.reference(ROWS)) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }

    private static String invoke(String url) {
        try {
            HttpResponse<String> r = HTTP.send(SignedRequests.signed(TestAccessKeys.INVOKER, URI.create(url
                    + "/endpoints/treeline-sandbox/invocations"), Invocations.csv(ROWS).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8), Map.of("X-Amzn-SageMaker-Target-Model",
                            "shared")).header("Content-Type", "text/csv").build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
