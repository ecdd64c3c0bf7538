package dev.treeline.launcher;

import static dev.treeline.launcher.PlatformClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.Topics;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.infra.InfraSettings;
import dev.treeline.launcher.demo.DemoModel;
import dev.treeline.launcher.demo.DemoWarehouse;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The whole retraining loop as one story, on the real Kafka, PostgreSQL and S3 servers with every service
 * as its own process (the local run's launcher): warehouse rows → datasets → tuning → registry → three
 * accounts, approvals, a warm-started retrain, a rejection that rolls every account back, and drift alerts.
 * People act with tokens from the registry (the operator kicks off, the approver approves), invocations are signed
 * with the demo invoker's access key, health answers on the management ports only, and at the end no service log
 * holds any secret the test configured or was given.
 * The steps build on each other, so they run in order and share the platform.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndLifecycleTest {

    static final Duration STAGE = Duration.ofMinutes(4);
    static final Duration PROD_DELAY = Duration.ofSeconds(20);
    static final String HOUSES = DemoModel.HOUSE_PRICES.group();
    static final String CHURN = DemoModel.CUSTOMER_CHURN.group();
    static final String DELIVERIES = DemoModel.DELIVERY_TIMES.group();
    /** multi:softprob with three classes: answers three probabilities per row. */
    static final String TICKETS = DemoModel.SUPPORT_TICKETS.group();
    static final List<String> ACCOUNTS = List.of("sandbox", "qa", "prod");

    @TempDir
    static Path dataDir;
    static LocalPlatform platform;
    static PlatformClient api;
    static DemoWarehouse warehouse;
    static S3Client s3;
    static String firstHousesJob;
    /** Known secrets, to search the logs for: every one is configured here or handed out by the platform. */
    static final String ADMIN_PASSWORD = "e2e-admin-" + UUID.randomUUID();
    static final String WRONG_PASSWORD = "e2e-wrong-" + UUID.randomUUID();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = new LocalPlatform();
        platform.root = LocalPlatformTest.repositoryRoot();
        platform.dataDir = dataDir;
        platform.freePorts = true;
        platform.noDemo = true;
        platform.prodPromotionDelay = PROD_DELAY;
        platform.modelsDir = definitions(dataDir.resolve("definitions"));
        platform.adminPassword = ADMIN_PASSWORD;
        assertThat(platform.start()).as("every service started").isTrue();
        api = new PlatformClient(platform, ADMIN_PASSWORD);
        assertThat(platform.demoInvokerKey()).as("the demo invoker's key").isNotNull();
        InfraSettings infra = platform.settings();
        warehouse = new DemoWarehouse(infra.jdbcUrl(ServiceSpec.WAREHOUSE_DATABASE), infra.postgresUser(),
                infra.postgresPassword());
        warehouse.ensureLoaded(300, 20);
        s3 = S3Client.builder().endpointOverride(URI.create(infra.s3Endpoint())).region(Region.of(infra.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        infra.s3AccessKeyId(), infra.s3SecretAccessKey())))
                .forcePathStyle(true).build();
    }

    /**
     * The models of this test: the example definition files (examples/models) with a test's budget (4 trials of at
     * most 60 rounds), drift alerts honoured a second after a run, and no schedule. Definition files only.
     */
    static Path definitions(Path folder) throws Exception {
        java.nio.file.Files.createDirectories(folder);
        for (String model : List.of(HOUSES, CHURN, DELIVERIES, TICKETS)) {
            com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                    ModelDefinitions.readTree(java.nio.file.Files.readString(LocalPlatformTest.repositoryRoot()
                            .resolve("examples/models").resolve(model + ".yaml")));
            tree.remove("schedule");
            tree.withObjectProperty("tuning").put("max-trials", 4).withObjectProperty("ranges")
                    .withObjectProperty("num_round").put("max", 60);
            tree.withObjectProperty("drift").put("cooldown", "PT1S");
            java.nio.file.Files.writeString(folder.resolve(model + ".yaml"),
                    ModelDefinitions.yaml().writeValueAsString(tree));
        }
        return folder;
    }

    @AfterAll
    static void stopPlatform() {
        if (s3 != null) {
            s3.close();
        }
        if (platform != null) {
            platform.stopAll();
        }
    }

    @Test
    @Order(1)
    void kickoffsBecomeRegisteredVersionsServedInSandboxOnly() throws Exception {
        for (ServiceSpec service : platform.services()) {
            assertThat(api.health(service.name()).statusCode()).as(service.name() + " health on the management port")
                    .isEqualTo(200);
            assertThat(api.healthOnTheApiPort(service.name()).statusCode()).as(service.name()
                    + " health is not on the API port").isNotEqualTo(200);
        }
        assertThat(api.kickoff(HOUSES, false, null).statusCode()).as("no credentials").isEqualTo(401);
        assertThat(api.kickoff(HOUSES, false, api.bearer(api.approver)).statusCode()).as("an approver is no operator")
                .isEqualTo(403);
        assertThat(api.login(LocalPlatform.ADMIN_USER, WRONG_PASSWORD).statusCode()).isEqualTo(401);

        // Defined by the folder, listed before any run: data-prep's models and the registry's group (by event).
        for (String model : List.of(HOUSES, CHURN, DELIVERIES)) {
            JsonNode group = await("the registry's group of " + model + " before its first version", STAGE,
                    () -> api.group(model), g -> g != null);
            assertThat(group.path("latestVersion").asInt()).as(group.toString()).isZero();
            assertThat(group.path("description").asText()).as(group.toString()).isEqualTo(ModelDefinitions.parse(
                    java.nio.file.Files.readString(dataDir.resolve("definitions").resolve(model + ".yaml")))
                    .description());
        }
        assertThat(cli(urls(), "login", "--user", "oscar", "--password", DemoIdentities.OPERATOR.password()).exit())
                .isZero();
        Cli models = cli(urls(), "models");
        assertThat(models.exit()).as(models.err()).isZero();
        assertThat(models.out().lines()).as(models.out()).anyMatch(line -> line.startsWith(HOUSES + " ")
                && line.contains("demo-team") && line.endsWith("folder"));
        JsonNode listed = PlatformClient.json(cli(urls(), "models", "--json").out());
        assertThat(listed.findValues("name").stream().map(JsonNode::asText).toList()).contains(HOUSES, CHURN,
                DELIVERIES);
        for (JsonNode row : listed) {
            if (row.path("name").asText().equals(HOUSES)) {
                assertThat(row.has("latestVersion")).as("no version yet: " + row).isFalse();
                assertThat(row.path("owner").asText()).isEqualTo("demo-team");
                assertThat(row.path("source").asText()).isEqualTo("folder");
            }
        }

        String housesRun = api.kickoff(HOUSES, false);
        String churnRun = api.kickoff(CHURN, true);
        String deliveriesRun = api.kickoff(DELIVERIES, true);
        String ticketsRun = api.kickoff(TICKETS, false);

        for (String run : List.of(housesRun, churnRun, deliveriesRun, ticketsRun)) {
            JsonNode ready = await("run " + run + " ready", STAGE, () -> api.run(run),
                    r -> !r.get("status").asText().equals("REQUESTED") && !r.get("status").asText().equals("EXTRACTING"));
            assertThat(ready.get("status").asText()).as(ready.toString()).isEqualTo("READY");
            assertThat(ready.at("/rows/total").asLong()).isEqualTo(300 * 20);
        }
        for (String model : List.of(HOUSES, CHURN, DELIVERIES, TICKETS)) {
            JsonNode v1 = awaitVersion(model, 1);
            assertThat(v1.toString()).contains("PendingManualApproval");
        }
        assertThat(versionNode(HOUSES, 1).get("testing").asBoolean()).isFalse();
        assertThat(versionNode(CHURN, 1).get("testing").asBoolean()).isTrue();
        JsonNode jobs = api.tuningJobs(HOUSES);
        firstHousesJob = first(jobs).get("name").asText();
        assertThat(first(jobs).get("trainingJobCount").asInt()).isEqualTo(4);
        assertThat(first(jobs).get("warmStartType").asText()).isEqualTo("NONE");

        JsonNode churnJob = first(api.tuningJobs(CHURN));
        assertThat(churnJob.path("evalMetric").asText().toLowerCase(java.util.Locale.ROOT)).as("tuned on the"
                + " maximised metric: " + churnJob).contains("auc");
        for (String model : List.of(HOUSES, CHURN, DELIVERIES, TICKETS)) {
            awaitServedPrediction("sandbox", model, 1);
            assertThat(api.invoke("qa", model, rows(model, 2)).statusCode()).as("qa follows approvals only")
                    .isBetween(400, 499);
            assertThat(api.invoke("prod", model, rows(model, 2)).statusCode()).as("prod follows approvals only")
                    .isBetween(400, 499);
        }
    }

    @Test
    @Order(2)
    void approvalIsServedInQaAtOnceAndInProdAfterTheDelay() throws Exception {
        HttpResponse<String> testingVersion = api.changeStatus(CHURN, 1, "Approved", "testing runs need an override");
        assertThat(testingVersion.statusCode()).as(testingVersion.body()).isEqualTo(409);

        long approvedAt = System.nanoTime();
        HttpResponse<String> approved = api.changeStatus(HOUSES, 1, "Approved", "first production model");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        HttpResponse<String> tickets = api.changeStatus(TICKETS, 1, "Approved", "text columns, text classes");
        assertThat(tickets.statusCode()).as(tickets.body()).isEqualTo(200);

        awaitServedPrediction("qa", HOUSES, 1);
        assertThat(api.invoke("prod", HOUSES, rows(HOUSES, 1)).statusCode()).as("prod waits for the promotion delay")
                .isBetween(400, 499);
        awaitServedPrediction("prod", HOUSES, 1);
        assertThat(Duration.ofNanos(System.nanoTime() - approvedAt)).isGreaterThanOrEqualTo(PROD_DELAY);
        for (String account : ACCOUNTS) {
            awaitServedPrediction(account, TICKETS, 1);
        }
    }

    /**
     * The categorical multi-class model in every account, called as SageMaker Runtime users do (the AWS SDK's client,
     * SigV4 with the demo invoker's key) with the raw text values of the warehouse: CSV answers one probability per
     * class, as the reference computed here from the registered artifact and its own dictionary; JSON names the
     * classes.
     */
    @Test
    @Order(3)
    void theTextColumnModelAnswersEveryAccountsSdkClientInItsClassNames() throws Exception {
        DemoModel tickets = DemoModel.SUPPORT_TICKETS;
        String csv = rows(TICKETS, 4);
        assertThat(csv).as("raw text values, no codes").contains("gold").containsAnyOf("email", "chat", "phone", "web");
        float[] expected = predictLocally(TICKETS, 1, csv);
        // classes are coded in the order data-prep first met them, kept by the model's own schema
        List<String> classes = artifactSchema(TICKETS, 1).label().classes();
        assertThat(classes).containsExactlyInAnyOrderElementsOf(tickets.labelClasses());
        String json = "{\"instances\":[" + csv.strip().lines().map(line -> {
            String[] cells = line.split(",");
            StringBuilder row = new StringBuilder("{");
            for (int c = 0; c < cells.length; c++) {
                String feature = tickets.features().get(c);
                boolean text = tickets.textColumns().containsKey(feature);
                row.append(c == 0 ? "" : ",").append('"').append(feature).append("\":")
                        .append(text ? "\"" + cells[c] + "\"" : cells[c]);
            }
            return row.append('}').toString();
        }).collect(java.util.stream.Collectors.joining(",")) + "]}";
        for (String account : ACCOUNTS) {
            try (SageMakerRuntimeClient client = sdkClient(account)) {
                String answer = client.invokeEndpoint(r -> r.endpointName("treeline-" + account).targetModel(TICKETS)
                        .contentType("text/csv").accept("text/csv").body(SdkBytes.fromUtf8String(csv)))
                        .body().asUtf8String();
                assertThat(matches(parse(answer), expected)).as(account + " CSV: " + answer).isTrue();
                assertThat(answer.strip().lines().toList()).as("one line of 3 probabilities per row").hasSize(4)
                        .allMatch(line -> line.split(",").length == 3);

                JsonNode named = PlatformClient.json(client.invokeEndpoint(r -> r.endpointName("treeline-" + account)
                        .targetModel(TICKETS).contentType("application/json").accept("application/json")
                        .body(SdkBytes.fromUtf8String(json))).body().asUtf8String());
                JsonNode predictions = named.get("predictions");
                assertThat(predictions.size()).as(named.toString()).isEqualTo(4);
                for (int r = 0; r < 4; r++) {
                    JsonNode p = predictions.get(r);
                    int best = 0;
                    for (int k = 1; k < 3; k++) {
                        if (expected[r * 3 + k] > expected[r * 3 + best]) {
                            best = k;
                        }
                    }
                    assertThat(p.get("predicted_label").asText()).as(account + " " + p).isEqualTo(classes.get(best));
                    List<String> labels = java.util.stream.StreamSupport.stream(p.get("labels").spliterator(), false)
                            .map(JsonNode::asText).toList();
                    assertThat(labels).as("the class names in probability order: " + p).isEqualTo(classes);
                    assertThat(p.get("probabilities").get(best).floatValue()).isEqualTo(expected[r * 3 + best]);
                }
            }
        }
    }

    @Test
    @Order(4)
    void newRowsRetrainWarmStartedFromTheFirstJobAndEveryAccountSwapsToTheApprovedVersion() throws Exception {
        warehouse.ensureLoaded(360, 20);
        String run = api.kickoff(HOUSES, false);
        JsonNode v2 = awaitVersion(HOUSES, 2);
        assertThat(v2.toString()).contains("PendingManualApproval");
        JsonNode job = first(api.tuningJobs(HOUSES));
        assertThat(job.get("runId").asText()).isEqualTo(run);
        assertThat(job.get("parents").toString()).contains(firstHousesJob);
        assertThat(job.get("warmStartType").asText()).isEqualTo("TRANSFER_LEARNING");

        awaitServedPrediction("sandbox", HOUSES, 2);
        assertThat(api.changeStatus(HOUSES, 2, "Approved", "retrained on newer rows").statusCode()).isEqualTo(200);
        for (String account : ACCOUNTS) {
            awaitServedPrediction(account, HOUSES, 2);
        }
    }

    @Test
    @Order(5)
    void rejectingTheServedVersionRollsEveryAccountBack() throws Exception {
        assertThat(api.changeStatus(HOUSES, 2, "Rejected", "worse on recent complaints").statusCode()).isEqualTo(200);
        for (String account : ACCOUNTS) {
            awaitServedPrediction(account, HOUSES, 1);
        }
    }

    @Test
    @Order(6)
    void aDriftAlertAboveTheThresholdStartsARunAndOneBelowDoesNot() throws Exception {
        int before = api.runs(DELIVERIES).size();
        UUID below = publishDrift(DELIVERIES, 0.05);
        // Proven by the decision data-prep records for that alert, not by waiting and seeing nothing.
        JsonNode decision = await("the decision on the alert below the threshold", STAGE,
                () -> api.driftDecision(DELIVERIES, below), d -> d != null);
        assertThat(decision.get("decision").asText()).isEqualTo("IGNORED");
        assertThat(decision.get("why").asText()).contains("below the spec's threshold");
        assertThat(api.runs(DELIVERIES).size()).as("below the threshold").isEqualTo(before);

        publishDrift(DELIVERIES, 0.45);
        JsonNode runs = await("a drift-triggered run", STAGE, () -> api.runs(DELIVERIES), r -> r.size() == before + 1);
        assertThat(first(runs).get("reason").asText()).isEqualTo("DRIFT");
    }

    @Test
    @Order(7)
    void theCliDrivesTheRunningPlatformWithATokenAndSignedInvocations() throws Exception {
        String[] urls = urls();
        cli(urls, "logout");

        Cli notLoggedIn = cli(urls, "versions", HOUSES);
        assertThat(notLoggedIn.exit()).isEqualTo(4);
        assertThat(notLoggedIn.err()).contains("log in again: ./treeline login");

        Cli login = cli(urls, "login", "--user", "alice", "--password", DemoIdentities.APPROVER.password());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("cli-token.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Cli whoami = cli(urls, "whoami");
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).startsWith("alice").contains("approver");

        Cli versions = cli(urls, "versions", HOUSES);
        assertThat(versions.exit()).as(versions.err()).isZero();
        assertThat(versions.out()).contains("Rejected").contains("Approved");

        Cli history = cli(urls, "tuning-history", HOUSES, "--csv");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out().lines().findFirst().orElse(""))
                .isEqualTo("datetime,tuningjob,metric,layer,objective,eval_metric,eval_metric_value,trainingjobcount");
        assertThat(history.out()).contains(firstHousesJob);

        // Signed with the key the launcher left in the data dir, as `./treeline invoke` after ./run-local.sh.
        // (Unless AWS_ACCESS_KEY_ID is set where this runs: the environment comes first, so the key is given.)
        DemoIdentities.AccessKey key = platform.demoInvokerKey();
        List<String> signer = System.getenv("AWS_ACCESS_KEY_ID") == null ? List.of("--data-dir", dataDir.toString())
                : List.of("--access-key-id", key.accessKeyId(), "--secret-access-key", key.secretAccessKey());
        List<String> invokeArgs = new java.util.ArrayList<>(List.of("invoke", "prod", HOUSES, "--csv",
                rows(HOUSES, 2).strip().replace("\n", "\\n")));
        invokeArgs.addAll(signer);
        Cli invoke = cli(urls, invokeArgs.toArray(String[]::new));
        assertThat(invoke.exit()).as(invoke.err()).isZero();
        assertThat(invoke.out().strip().lines()).hasSize(2);

        Cli wrongKey = cli(urls, "invoke", "prod", HOUSES, "--csv", "1", "--access-key-id", "TLAKUNKNOWNUNKNOWN23",
                "--secret-access-key", "not-a-real-secret-not-a-real-secret-0000");
        assertThat(wrongKey.exit()).isEqualTo(4);
        assertThat(wrongKey.err()).contains("UnrecognizedClientException");

        Cli lineage = cli(urls, "lineage", HOUSES, "1");
        assertThat(lineage.exit()).as(lineage.err()).isZero();
        assertThat(lineage.out()).contains("demo.house_sales").contains(firstHousesJob);

        Cli deployments = cli(urls, "deployments", "prod");
        assertThat(deployments.exit()).as(deployments.err()).isZero();
        assertThat(deployments.out()).contains(HOUSES);

        Cli runs = cli(urls, "runs", HOUSES);
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("READY");

        Cli unknown = cli(urls, "versions", "no-such-model");
        assertThat(unknown.exit()).isEqualTo(3);

        assertThat(cli(urls, "login", "--user", "oscar", "--password", DemoIdentities.OPERATOR.password()).exit())
                .isZero();
        Cli forbidden = cli(urls, "approve", CHURN, "1", "--reason", "operators do not approve");
        assertThat(forbidden.exit()).isEqualTo(4);
        assertThat(forbidden.err()).contains("user 'oscar' lacks the role");

        assertThat(cli(urls, "logout").exit()).isZero();
        assertThat(cli(urls, "runs").exit()).as("logged out").isEqualTo(4);
    }

    @Test
    @Order(8)
    void aDefinitionFileAppliedWithTheCliIsANewRevisionAndAFolderOwnedModelIsRefused(@TempDir Path own)
            throws Exception {
        String[] urls = urls();
        assertThat(cli(urls, "login", "--user", "oscar", "--password", DemoIdentities.OPERATOR.password()).exit())
                .isZero();
        String model = "e2e-own-houses";
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                ModelDefinitions.readTree(java.nio.file.Files.readString(dataDir.resolve("definitions")
                        .resolve(HOUSES + ".yaml")));
        tree.put("name", model).put("description", "the test's own copy of the house prices");
        Path file = own.resolve(model + ".yaml");
        java.nio.file.Files.writeString(file, ModelDefinitions.yaml().writeValueAsString(tree));

        Cli created = cli(urls, "models", "apply", "-f", own.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("created   " + model + "  revision 1\n");
        Cli again = cli(urls, "models", "apply", "-f", own.toString());
        assertThat(again.out()).as("identical content, no revision").isEqualTo("unchanged " + model + "  revision 1\n");

        tree.withObjectProperty("tuning").put("max-trials", 3);
        java.nio.file.Files.writeString(file, ModelDefinitions.yaml().writeValueAsString(tree));
        Cli changed = cli(urls, "models", "apply", "-f", file.toString());
        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(changed.out()).isEqualTo("changed   " + model + "  revision 2: tuning.max-trials\n");
        Cli show = cli(urls, "models", "show", model);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains(model + "  revision 2  api").contains("max-trials: 3");

        // house-prices comes from the definitions folder: the API refuses to change it, naming the file
        Path folderOwned = own.resolve("folder-owned");
        java.nio.file.Files.createDirectories(folderOwned);
        java.nio.file.Files.writeString(folderOwned.resolve(HOUSES + ".yaml"), java.nio.file.Files.readString(
                dataDir.resolve("definitions").resolve(HOUSES + ".yaml")).replace("max-trials: 4", "max-trials: 5"));
        Cli refused = cli(urls, "models", "apply", "-f", folderOwned.toString());
        assertThat(refused.exit()).as(refused.out()).isEqualTo(5);
        assertThat(refused.err()).contains(HOUSES).contains(HOUSES + ".yaml").contains("change the file instead");

        Cli retired = cli(urls, "models", "retire", model);
        assertThat(retired.exit()).as(retired.err()).isZero();
        assertThat(retired.out()).isEqualTo("retired " + model + "  revision 3\n");
        assertThat(cli(urls, "models").out()).doesNotContain(model);
    }

    @Test
    @Order(9)
    void noServiceLogHoldsAnySecretTheTestConfiguredOrWasGiven() throws Exception {
        LocalSecrets secrets = platform.secrets();
        java.util.Map<String, List<String>> known = new java.util.LinkedHashMap<>();
        known.put("the admin password", List.of(ADMIN_PASSWORD));
        known.put("a password refused at login", List.of(WRONG_PASSWORD));
        known.put("a demo user's password", List.of(DemoIdentities.APPROVER.password(),
                DemoIdentities.OPERATOR.password()));
        known.put("the access-key encryption key", List.of(secrets.encryptionKey()));
        // Any 64-character line of the PEM body would give the key away (and survives line re-wrapping in a log).
        known.put("the JWT private key", java.nio.file.Files.readString(secrets.jwtPrivateKey()).lines()
                .filter(line -> !line.startsWith("-----") && line.length() >= 40).toList());
        known.put("the demo invoker's secret access key", List.of(platform.demoInvokerKey().secretAccessKey()));
        List<String> tokens = new java.util.ArrayList<>();
        for (String token : api.issuedTokens) {
            tokens.add(token);
            tokens.add(token.substring(token.lastIndexOf('.') + 1)); // the signature alone is as good as the token
        }
        assertThat(tokens).as("tokens were issued").isNotEmpty();
        known.put("an issued JWT", tokens);

        List<String> found = new java.util.ArrayList<>();
        for (ServiceSpec service : platform.services()) {
            Path log = dataDir.resolve("logs").resolve(service.name() + ".log");
            assertThat(log).as(service.name() + " log").isRegularFile();
            String text = java.nio.file.Files.readString(log);
            assertThat(text).as(service.name() + " logged something").isNotBlank();
            known.forEach((kind, values) -> {
                if (values.stream().anyMatch(v -> !v.isEmpty() && text.contains(v))) {
                    found.add(service.name() + " logs " + kind);
                }
            });
        }
        assertThat(found).as("secrets in service logs (" + dataDir.resolve("logs") + ")").isEmpty();
    }

    record Cli(int exit, String out, String err) {
    }

    /** Where the CLI finds every service of this platform, and its own token file. */
    private static String[] urls() {
        return new String[] {"--data-prep-url", platform.url("data-prep-service"), "--tuning-url",
                platform.url("tuning-service"), "--registry-url", platform.url("registry-service"),
                "--account-url", "sandbox=" + platform.url("deployer-sandbox"),
                "--account-url", "qa=" + platform.url("deployer-qa"),
                "--account-url", "prod=" + platform.url("deployer-prod"),
                "--token-file", dataDir.resolve("cli-token.json").toString()};
    }

    private static Cli cli(String[] urls, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = dev.treeline.cli.TreelineCli.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out));
        commandLine.setErr(new java.io.PrintWriter(err));
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of(urls));
        int exit = commandLine.execute(all.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static JsonNode awaitVersion(String model, int version) {
        return await(model + " version " + version, STAGE, () -> {
            JsonNode versions = api.versions(model);
            for (JsonNode v : versions) {
                if (v.get("version").asInt() == version) {
                    return v;
                }
            }
            return null;
        }, v -> v != null);
    }

    private static JsonNode versionNode(String model, int version) {
        return api.version(model, version);
    }

    /** Waits until the account answers with the predictions of this version's artifact, computed here. */
    private static void awaitServedPrediction(String account, String model, int version) throws Exception {
        String csv = rows(model, 5);
        float[] expected = predictLocally(model, version, csv);
        await(account + " serving " + model + " v" + version, STAGE, () -> api.invoke(account, model, csv),
                response -> response.statusCode() == 200 && matches(parse(response.body()), expected));
    }

    private static boolean matches(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > 1e-4 * Math.max(1, Math.abs(expected[i]))) {
                return false;
            }
        }
        return true;
    }

    private static float[] parse(String body) {
        String[] lines = body.strip().split("[\\n,]");
        float[] values = new float[lines.length];
        for (int i = 0; i < lines.length; i++) {
            values[i] = Float.parseFloat(lines[i].strip());
        }
        return values;
    }

    /** The dataset schema the tuning service embedded in a version's artifact. */
    private static DatasetSchema artifactSchema(String model, int version) throws Exception {
        JsonNode artifact = versionNode(model, version).get("artifact");
        Booster booster = XGBoost.loadModel(s3.getObjectAsBytes(b -> b.bucket(artifact.get("bucket").asText())
                .key(artifact.get("key").asText())).asByteArray());
        try {
            return DatasetSchema.fromJson(booster.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE));
        } finally {
            booster.dispose();
        }
    }

    private static float[] predictLocally(String model, int version, String csv) throws Exception {
        JsonNode artifact = versionNode(model, version).get("artifact");
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(artifact.get("bucket").asText())
                .key(artifact.get("key").asText())).asByteArray();
        Booster booster = XGBoost.loadModel(bytes);
        // the artifact's own dictionary (the schema the tuning service embedded) turns text into codes
        String attribute = booster.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE);
        DatasetSchema schema = attribute == null ? null : DatasetSchema.fromJson(attribute);
        String[] lines = csv.strip().split("\n");
        int columns = lines[0].split(",").length;
        float[] flat = new float[lines.length * columns];
        for (int r = 0; r < lines.length; r++) {
            String[] cells = lines[r].split(",");
            for (int c = 0; c < columns; c++) {
                DatasetSchema.Feature feature = schema == null ? null : schema.features().get(c);
                if (feature != null && feature.isCategorical()) {
                    int code = feature.categories().indexOf(cells[c]);
                    flat[r * columns + c] = code < 0 ? Float.NaN : code;
                } else {
                    flat[r * columns + c] = Float.parseFloat(cells[c]);
                }
            }
        }
        DMatrix matrix = new DMatrix(flat, lines.length, columns, Float.NaN);
        if (schema != null && schema.hasCategoricalFeatures()) {
            matrix.setFeatureTypes(schema.xgboostFeatureTypes());
        }
        try {
            float[][] predictions = booster.predict(matrix);
            // every output of every row, in order: one score, or one probability per class (multi:softprob)
            int width = predictions[0].length;
            float[] out = new float[predictions.length * width];
            for (int i = 0; i < predictions.length; i++) {
                System.arraycopy(predictions[i], 0, out, i * width, width);
            }
            return out;
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }

    /** A SageMaker Runtime client of an account's deployer with the demo invoker's key. */
    private static SageMakerRuntimeClient sdkClient(String account) {
        DemoIdentities.AccessKey key = platform.demoInvokerKey();
        return SageMakerRuntimeClient.builder().endpointOverride(URI.create(platform.url("deployer-" + account)))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(),
                        key.secretAccessKey()))).build();
    }

    /** Feature rows (no label) drawn like the warehouse's newer rows. */
    private static String rows(String model, int count) {
        return List.of(DemoModel.values()).stream().filter(m -> m.group().equals(model)).findFirst().orElseThrow()
                .featureRows(count, 0.4, 42);
    }

    private static JsonNode first(JsonNode list) {
        JsonNode items = list.has("items") ? list.get("items") : list;
        assertThat(items.size()).isPositive();
        return items.get(0);
    }

    private static UUID publishDrift(String model, double value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.settings().kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            EventEnvelope<DriftDetected> alert = EventEnvelope.of(UUID.randomUUID().toString(),
                    new DriftDetected(model, "psi", value, null, "distance_km", "e2e-monitor"));
            producer.send(new ProducerRecord<>(Topics.DRIFT_ALERTS, model, EventCodec.shared().encode(alert))).get();
            return alert.eventId();
        }
    }
}
