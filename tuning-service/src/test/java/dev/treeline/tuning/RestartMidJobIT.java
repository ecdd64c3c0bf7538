package dev.treeline.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.events.DatasetReady;
import dev.treeline.events.Lineage;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.events.definition.TuningSection.RangeSpec;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Connection;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.TestTokens;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real restart: the packaged service ({@code target/quarkus-app/quarkus-run.jar}) runs as its own process against
 * the real Kafka, PostgreSQL and S3 of this JVM, is killed (SIGKILL, no shutdown hook) while a long job is RUNNING,
 * and started again. The job must end FAILED with a reason naming the restart, with exactly one RunFailed, and a
 * redelivered DatasetReady must not start a second job. The long job's budget comes with its DatasetReady (its
 * tuning section): the packaged service is given no per-model setting, and refuses to start with an old one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartMidJobIT {

    private static final String DATABASE = "tuning_restart";
    private static final String BUCKET = "treeline-training";
    private static final String MODEL = "tune-restart";
    private static final List<String> FEATURES = List.of("x0", "x1", "x2", "x3", "x4");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    static LocalInfrastructure infra;
    static Process service;
    static String url;
    static int managementPort;
    static Path log;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        assertThat(Path.of("target/quarkus-app/quarkus-run.jar")).exists();
        infra = LocalInfrastructure.builder().start();
        infra.createDatabase(DATABASE);
        infra.createTopics(List.of(Topics.DATASETS, Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX, Topics.TUNING,
                Topics.RUN_FAILURES));
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopService();
        if (infra != null) {
            infra.close();
        }
    }

    /** A long job: 500 trials of 150-300 rounds each without early stopping, one at a time. */
    private static final TuningSection LONG_JOB = new TuningSection(null, 500, 1, 0, null, null, null, 7L,
            Map.of("num_round", new RangeSpec(150, 300, null, true), "alpha", new RangeSpec(0, 1, null, null)), null);

    /** First, while no other process of the service runs. */
    @Test
    @Order(1)
    void anOldPerModelTuningPropertyRefusesTheStartNamingTheKeyAndTheConvertCommand() throws Exception {
        Process refused = launch(List.of("-Dtreeline.tuning.models.\"" + MODEL + "\".max-jobs=500"));
        try {
            assertThat(refused.waitFor(120, TimeUnit.SECONDS)).as("the service exits (log " + log + ")").isTrue();
            assertThat(refused.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("treeline.tuning.models.\"" + MODEL + "\".max-jobs is no"
                    + " longer read: per-model tuning settings now live in the model definition's tuning section;"
                    + " convert old properties with `treeline models convert`");
        } finally {
            refused.destroyForcibly();
        }
    }

    @Test
    @Order(2)
    void aJobKilledMidwayIsFailedByTheNextProcessOnceAndARedeliveryStartsNoSecondJob() throws Exception {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits;
        try (S3Client s3 = S3Clients.create(connection())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            ObjectStore objects = new ObjectStore(s3);
            splits = new DatasetSplits(put(objects, runId, "train", csv(3000, 1)),
                    put(objects, runId, "validation", csv(800, 2)), put(objects, runId, "test", csv(800, 3)));
        }
        EventEnvelope<DatasetReady> event = EventEnvelope.of(runId, datasetReady(runId, splits, false));
        byte[] encoded = EventCodec.shared().encode(event);

        startService();
        send(event.subject(), encoded);
        JsonNode running = await("the job of " + runId + " RUNNING with 2 trials done", Duration.ofSeconds(120),
                () -> job(runId).filter(j -> "RUNNING".equals(j.path("status").asText())
                        && j.path("trainingJobCount").asInt() >= 2));
        String name = running.path("name").asText();
        service.destroyForcibly();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // nothing could record the end of the job: the killed process had no shutdown hook
        assertThat(runFailures(runId, Duration.ofSeconds(3))).isEmpty();

        startService();
        JsonNode detail = await("the job " + name + " to leave RUNNING after the restart", Duration.ofSeconds(60),
                () -> detail(name).filter(d -> !"RUNNING".equals(d.path("job").path("status").asText())));
        assertThat(detail.path("job").path("status").asText()).isEqualTo("FAILED");
        String reason = detail.path("failureReason").asText();
        assertThat(reason).contains("tuning service stopped while this job was running")
                .containsPattern("it had finished \\d+ of 500 trials");

        // the original record again (as Kafka redelivers it) and a re-published copy with a new event id
        send(event.subject(), encoded);
        send(event.subject(), EventCodec.shared().encode(EventEnvelope.of(runId, datasetReady(runId, splits, false))));
        // a later run of the same model shares the partition (key = model): once it is done the copies were seen
        String laterRun = "run-" + UUID.randomUUID();
        send(MODEL, EventCodec.shared().encode(EventEnvelope.of(laterRun, datasetReady(laterRun, splits, true))));
        JsonNode later = await("the later testing run to finish", Duration.ofSeconds(120),
                () -> job(laterRun).filter(j -> !"RUNNING".equals(j.path("status").asText())));
        assertThat(later.path("status").asText()).isEqualTo("COMPLETED");

        assertThat(jobsOfRun(runId)).hasSize(1).first().satisfies(j -> {
            assertThat(j.path("name").asText()).isEqualTo(name);
            assertThat(j.path("status").asText()).isEqualTo("FAILED");
        });
        List<RunFailed> failures = runFailures(runId, Duration.ofSeconds(10));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).stage()).isEqualTo("tuning");
        assertThat(failures.get(0).reason()).isEqualTo(reason);
    }

    // ---- the service process ----

    private static void startService() throws Exception {
        service = launch(List.of());
        String ready = "http://127.0.0.1:" + managementPort + "/q/health/ready";
        await("the service ready (log " + log + ")", Duration.ofSeconds(120),
                () -> status(ready) == 200 ? Optional.of(true) : Optional.empty());
    }

    /** The packaged service on free ports with the test infrastructure, one core, and {@code jvmOptions}. */
    private static Process launch(List<String> jvmOptions) throws Exception {
        int port = freePort();
        managementPort = freePort();
        Map<String, String> env = new HashMap<>(InfraSettings.asEnvironment(
                infra.settings().quarkusConfig(DATABASE)));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKeyFile().toString());
        env.put("TREELINE_S3_BUCKET", BUCKET);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx384m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dtreeline.tuning.cores=1", "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        log = Files.createTempFile("tuning-restart-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        url = "http://127.0.0.1:" + port;
        return pb.start();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The test key pair's public key as a file for the packaged service (the test jar is not on its classpath). */
    private static Path publicKeyFile() throws java.io.IOException {
        Path file = Files.createTempFile("treeline-test-jwt-", ".pem");
        try (var in = RestartMidJobIT.class.getClassLoader().getResourceAsStream(TestTokens.PUBLIC_KEY_LOCATION)) {
            Files.write(file, in.readAllBytes());
        }
        file.toFile().deleteOnExit();
        return file;
    }

    private static void stopService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(15, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    // ---- data and events ----

    /** label, x0..x4: a smooth function of the first features plus noise. */
    private static String csv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[FEATURES.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = r.nextDouble();
            }
            double y = 3 * Math.sin(3 * x[0]) + x[1] * x[2] + (x[3] > 0.5 ? 2 : 0) + 0.2 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.6f", y));
            for (double v : x) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static ObjectRef put(ObjectStore objects, String runId, String split, String csv) {
        return objects.put(BUCKET, "datasets/" + MODEL + "/" + runId + "/" + split + ".csv",
                csv.getBytes(StandardCharsets.UTF_8), csv.lines().count());
    }

    private static DatasetReady datasetReady(String runId, DatasetSplits splits, boolean testing) {
        return new DatasetReady(runId, MODEL, "reg:squarederror", "rmse", LONG_JOB, 1, new Lineage("gold",
                "select label, x0, x1, x2, x3, x4 from t where day between :dateStart and :dateEnd",
                Map.of("dateStart", "2026-01-01", "dateEnd", "2026-03-31"),
                new DateWindow(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31)), "label", FEATURES, splits),
                testing);
    }

    private static void send(String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.settings().kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DATASETS, key, value)).get();
        }
    }

    /** Every RunFailed of the run on the topic, read from the beginning for {@code window}. */
    private static List<RunFailed> runFailures(String runId, Duration window) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.settings().kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<RunFailed> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RUN_FAILURES));
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    RunFailed f = EventCodec.shared().decode(r.value(), RunFailed.class).payload();
                    if (runId.equals(f.runId())) {
                        found.add(f);
                    }
                }
            }
        }
        return found;
    }

    // ---- HTTP ----

    private static List<JsonNode> jobsOfRun(String runId) {
        List<JsonNode> out = new ArrayList<>();
        getJson(url + "/tuning-jobs?model=" + MODEL).ifPresent(list -> list.forEach(j -> {
            if (runId.equals(j.path("runId").asText())) {
                out.add(j);
            }
        }));
        return out;
    }

    private static Optional<JsonNode> job(String runId) {
        return jobsOfRun(runId).stream().findFirst();
    }

    private static Optional<JsonNode> detail(String name) {
        return getJson(url + "/tuning-jobs/" + name);
    }

    private static Optional<JsonNode> getJson(String address) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(address))
                    .header("Authorization", TestTokens.bearer("restart-test", Roles.VIEWER)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static int status(String address) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(address)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (service != null && !service.isAlive()) {
                throw new AssertionError("the service exited (" + service.exitValue() + ") while waiting for " + what
                        + "; log " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; log " + log);
    }

    private static S3Connection connection() {
        Map<String, String> s3 = infra.settings().s3Config();
        return new S3Connection() {
            public Optional<URI> endpoint() {
                return Optional.of(URI.create(s3.get("treeline.s3.endpoint")));
            }

            public String region() {
                return "us-east-1";
            }

            public Optional<String> accessKeyId() {
                return Optional.of(s3.get("treeline.s3.access-key-id"));
            }

            public Optional<String> secretAccessKey() {
                return Optional.of(s3.get("treeline.s3.secret-access-key"));
            }

            public boolean pathStyleAccess() {
                return true;
            }
        };
    }
}
