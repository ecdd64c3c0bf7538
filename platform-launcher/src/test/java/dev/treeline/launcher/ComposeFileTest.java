package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Static checks of the repository's docker-compose.yml (no Docker engine needed): the variables handed to each
 * Treeline service are settings it really has, the three deployers are three distinct accounts, and everything
 * starts in order behind health checks.
 */
class ComposeFileTest {

    private static final String COMPOSE_FILE = "docker-compose.yml";
    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres", "minio");
    private static final String DEPLOYER_MODULE = "deployer-service";
    /**
     * Runtime settings of Quarkus and SmallRye JWT that every service has by construction (service-support brings
     * the management interface and smallrye-jwt) even when its application.properties does not name them.
     */
    private static final Set<String> PLATFORM_SETTINGS = Set.of("QUARKUS_MANAGEMENT_PORT", "QUARKUS_CONFIG_LOCATIONS",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    /** The registry alone signs tokens. */
    private static final Set<String> REGISTRY_SETTINGS = Set.of("SMALLRYE_JWT_SIGN_KEY_LOCATION");
    /** What no service environment may carry as a value: secrets come as compose secrets (files). */
    private static final List<String> SECRET_SETTINGS = List.of("TREELINE_REGISTRY_BOOTSTRAP_ADMIN_PASSWORD",
            "TREELINE_ACCESS_KEYS_ENCRYPTION_KEY", "SMALLRYE_JWT_SIGN_KEY", "MP_JWT_VERIFY_PUBLICKEY");

    private static Path root;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = findRoot();
        compose = new YAMLMapper().readTree(root.resolve(COMPOSE_FILE).toFile());
        services = compose.path("services");
        assertThat(services.isObject()).as("%s has a services map", COMPOSE_FILE).isTrue();
    }

    @Test
    void everyTreelineServiceIsBuiltFromItsModule() {
        Set<String> modules = new TreeSet<>();
        builtServices().values().forEach(context -> modules.add(context.getFileName().toString()));
        assertThat(modules).containsExactlyInAnyOrder(
                "data-prep-service", "tuning-service", "registry-service", DEPLOYER_MODULE);
    }

    @Test
    void everyTreelineServiceEnvironmentNamesOnlySettingsOfThatService() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<String, Path> built : builtServices().entrySet()) {
            Set<String> known = new TreeSet<>(envNamesOf(built.getValue().resolve(
                    "src/main/resources/application.properties")));
            known.addAll(PLATFORM_SETTINGS);
            if (built.getValue().getFileName().toString().equals("registry-service")) {
                known.addAll(REGISTRY_SETTINGS);
            }
            for (String variable : environment(services.get(built.getKey())).keySet()) {
                if (!known.contains(variable)) {
                    offenders.add(built.getKey() + ": " + variable);
                }
            }
        }
        assertThat(offenders)
                .as("environment variables that match no key of the service's application.properties")
                .isEmpty();
    }

    @Test
    void threeDeployersServeDistinctAccountsWithTheirOwnBucketDatabaseGroupAndPort() {
        Map<String, Map<String, String>> deployers = new LinkedHashMap<>();
        Map<String, List<String>> hostPorts = new LinkedHashMap<>();
        builtServices().forEach((name, context) -> {
            if (context.getFileName().toString().equals(DEPLOYER_MODULE)) {
                deployers.put(name, environment(services.get(name)));
                hostPorts.put(name, hostPorts(services.get(name)));
            }
        });
        assertThat(deployers).as("services built from %s", DEPLOYER_MODULE).hasSize(3);

        assertPairwiseDistinct(deployers, "TREELINE_DEPLOYER_ACCOUNT", env -> env.get("TREELINE_DEPLOYER_ACCOUNT"));
        assertPairwiseDistinct(deployers, "TREELINE_DEPLOYER_ENDPOINT_NAME",
                env -> env.get("TREELINE_DEPLOYER_ENDPOINT_NAME"));
        assertPairwiseDistinct(deployers, "TREELINE_S3_BUCKET", env -> env.get("TREELINE_S3_BUCKET"));
        assertPairwiseDistinct(deployers, "database of QUARKUS_DATASOURCE_JDBC_URL",
                env -> databaseOf(env.get("QUARKUS_DATASOURCE_JDBC_URL")));
        assertPairwiseDistinct(deployers, "TREELINE_DEPLOYER_CONSUMER_GROUP",
                env -> env.get("TREELINE_DEPLOYER_CONSUMER_GROUP"));

        hostPorts.forEach((name, ports) -> assertThat(ports).as("host ports of %s", name).hasSize(1));
        assertThat(hostPorts.values().stream().map(ports -> ports.get(0)).distinct().count())
                .as("host ports of the deployers: %s", hostPorts)
                .isEqualTo(3);

        Map<String, Map<String, String>> byAccount = new LinkedHashMap<>();
        deployers.values().forEach(env -> byAccount.put(env.get("TREELINE_DEPLOYER_ACCOUNT"), env));
        assertThat(byAccount).containsOnlyKeys("sandbox", "qa", "prod");
        assertThat(byAccount.get("sandbox")).containsEntry("TREELINE_DEPLOYER_POLICY", "registered");
        assertThat(byAccount.get("qa")).containsEntry("TREELINE_DEPLOYER_POLICY", "approved");
        assertThat(byAccount.get("prod")).containsEntry("TREELINE_DEPLOYER_POLICY", "approved");
        String prodDelay = byAccount.get("prod").get("TREELINE_DEPLOYER_PROMOTION_DELAY");
        assertThat(prodDelay).as("prod TREELINE_DEPLOYER_PROMOTION_DELAY").isNotBlank();
        assertThat(Duration.parse(prodDelay)).as("prod promotion delay").isPositive();
    }

    @Test
    void dataPrepReadsTheExampleDefinitionsFromAReadOnlyMountNamedByItsSetting() {
        JsonNode dataPrep = services.get("data-prep-service");
        String folder = environment(dataPrep).get("TREELINE_DEFINITIONS_DIR");
        assertThat(folder).as("data-prep's TREELINE_DEFINITIONS_DIR").isNotBlank();
        List<String> mounts = new ArrayList<>();
        for (JsonNode volume : dataPrep.path("volumes")) {
            mounts.add(volume.isTextual() ? volume.asText() : volume.path("source").asText() + ":"
                    + volume.path("target").asText() + (volume.path("read_only").asBoolean(false) ? ":ro" : ""));
        }
        assertThat(mounts).as("data-prep volumes").contains("./examples/models:" + folder + ":ro");
        assertThat(root.resolve("examples/models")).as("the mounted folder").isDirectory();
        for (String name : builtServices().keySet()) {
            if (!name.equals("data-prep-service")) {
                assertThat(environment(services.get(name))).as(name + ": only data-prep reads definitions")
                        .doesNotContainKey("TREELINE_DEFINITIONS_DIR");
            }
        }
    }

    @Test
    void everyTreelineServiceHasAHealthcheckAndWaitsForHealthyInfrastructure() {
        List<String> problems = new ArrayList<>();
        for (String name : builtServices().keySet()) {
            JsonNode service = services.get(name);
            if (!hasHealthcheck(service)) {
                problems.add(name + ": no healthcheck");
            }
            JsonNode dependsOn = service.path("depends_on");
            for (String infrastructure : INFRASTRUCTURE) {
                String condition = dependsOn.path(infrastructure).path("condition").asText("");
                if (!condition.equals("service_healthy")) {
                    problems.add(name + ": depends_on " + infrastructure + " is not condition service_healthy");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsReachTheServicesAsComposeSecretFilesAndNoDeployerHasManagementUsers() {
        Map<String, String> secretFiles = new LinkedHashMap<>();
        compose.path("secrets").fields().forEachRemaining(e -> secretFiles.put(e.getKey(),
                e.getValue().path("file").asText("")));
        assertThat(secretFiles).as("top-level secrets").containsOnlyKeys("jwt-private-key", "jwt-public-key",
                "access-keys-encryption-key", "registry-admin-password");
        assertThat(secretFiles.values()).allSatisfy(file -> assertThat(file).startsWith("./docker/secrets/"));

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> built : builtServices().entrySet()) {
            String name = built.getKey();
            Map<String, String> env = environment(services.get(name));
            Map<String, String> mounted = new LinkedHashMap<>(); // target file under /run/secrets -> secret
            for (JsonNode secret : services.get(name).path("secrets")) {
                String source = secret.isTextual() ? secret.asText() : secret.path("source").asText();
                mounted.put(secret.isTextual() ? source : secret.path("target").asText(source), source);
            }
            SECRET_SETTINGS.stream().filter(env::containsKey).forEach(s -> problems.add(name + ": " + s
                    + " as a value in the environment"));
            env.keySet().stream().filter(v -> v.startsWith("TREELINE_ADMIN_")).forEach(v -> problems.add(name + ": "
                    + v + " (deployer management users are gone)"));
            requireMounted(problems, name, env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), "jwt-public-key", mounted);
            String locations = env.getOrDefault("QUARKUS_CONFIG_LOCATIONS", "");
            boolean registry = built.getValue().getFileName().toString().equals("registry-service");
            boolean deployer = built.getValue().getFileName().toString().equals(DEPLOYER_MODULE);
            if (registry) {
                requireMounted(problems, name, env.get("SMALLRYE_JWT_SIGN_KEY_LOCATION"), "jwt-private-key", mounted);
            } else if (mounted.containsValue("jwt-private-key")) {
                problems.add(name + ": gets the token signing key, which only the registry needs");
            }
            for (String location : locations.isBlank() ? new String[0] : locations.split(",")) {
                requireMounted(problems, name, location.replaceFirst("^file://", ""), null, mounted);
            }
            if (registry || deployer) {
                String target = mounted.entrySet().stream().filter(e -> e.getValue().equals(
                        "access-keys-encryption-key")).map(Map.Entry::getKey).findFirst().orElse("?");
                if (!locations.contains("/run/secrets/" + target)) {
                    problems.add(name + ": the key-encryption key is not among QUARKUS_CONFIG_LOCATIONS");
                }
            }
            if (registry && !mounted.containsValue("registry-admin-password")) {
                problems.add(name + ": no admin password secret");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void healthChecksUseTheManagementPortWhichIsNotPublished() {
        List<String> problems = new ArrayList<>();
        for (String name : builtServices().keySet()) {
            JsonNode service = services.get(name);
            String port = environment(service).get("QUARKUS_MANAGEMENT_PORT");
            if (port == null) {
                problems.add(name + ": no QUARKUS_MANAGEMENT_PORT");
                continue;
            }
            if (!service.path("healthcheck").path("test").toString().contains("/dev/tcp/127.0.0.1/" + port)) {
                problems.add(name + ": healthcheck not on the management port " + port);
            }
            for (JsonNode published : service.path("ports")) {
                if (published.asText().endsWith(":" + port)) {
                    problems.add(name + ": management port published with the API: " + published.asText());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void makeSecretsWritesEveryFileTheComposeSecretsName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl"))
                || Files.isExecutable(Path.of("/bin/openssl")), "openssl is installed");
        ProcessBuilder script = new ProcessBuilder("bash", root.resolve("docker/make-secrets.sh").toString())
                .redirectErrorStream(true);
        script.environment().put("TREELINE_SECRETS_DIR", dir.resolve("secrets").toString());
        script.environment().put("TREELINE_ADMIN_PASSWORD", "compose-admin-secret");
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("compose-admin-secret");

        compose.path("secrets").fields().forEachRemaining(e -> assertThat(dir.resolve("secrets").resolve(
                Path.of(e.getValue().path("file").asText()).getFileName())).as(e.getKey()).isRegularFile());
        Properties keys = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("secrets/access-keys.properties"))) {
            keys.load(reader);
        }
        dev.treeline.support.security.AccessKeySecrets.fromBase64(keys.getProperty(
                "treeline.access-keys.encryption-key"));
        Properties admin = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("secrets/registry-admin.properties"))) {
            admin.load(reader);
        }
        assertThat(admin.getProperty("treeline.registry.bootstrap-admin.password")).isEqualTo("compose-admin-secret");
        assertThat(Files.readString(dir.resolve("secrets/jwt-private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("secrets")))).isEqualTo("rwx------");
    }

    private static void requireMounted(List<String> problems, String service, String location, String secret,
                                       Map<String, String> mounted) {
        if (location == null || !location.startsWith("/run/secrets/")) {
            problems.add(service + ": " + location + " is not a compose secret under /run/secrets/");
            return;
        }
        String target = location.substring("/run/secrets/".length());
        if (!mounted.containsKey(target) || (secret != null && !mounted.get(target).equals(secret))) {
            problems.add(service + ": " + location + " is not mounted" + (secret == null ? "" : " from " + secret));
        }
    }

    @Test
    void everyBuiltServiceDockerfileExistsInItsBuildContext() {
        List<String> missing = new ArrayList<>();
        builtServices().forEach((name, context) -> {
            JsonNode build = services.get(name).path("build");
            String dockerfile = build.isObject() ? build.path("dockerfile").asText("Dockerfile") : "Dockerfile";
            if (!Files.isRegularFile(context.resolve(dockerfile))) {
                missing.add(name + ": " + context.resolve(dockerfile));
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void infrastructureServicesHaveHealthchecks() {
        for (String name : INFRASTRUCTURE) {
            assertThat(services.has(name)).as("service %s", name).isTrue();
            assertThat(hasHealthcheck(services.get(name))).as("healthcheck of %s", name).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Walks up from the working directory (the module directory under Maven) to the one holding the compose file. */
    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(COMPOSE_FILE))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + COMPOSE_FILE + " above " + Path.of("").toAbsolutePath());
    }

    /** Compose services built from a module directory of this project: service name -> build context. */
    private static Map<String, Path> builtServices() {
        Map<String, Path> built = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode build = service.getValue().path("build");
            String context = build.isTextual() ? build.asText() : build.path("context").asText(null);
            if (context == null) {
                continue;
            }
            Path dir = root.resolve(context).normalize();
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                built.put(service.getKey(), dir);
            }
        }
        return built;
    }

    /** A service's environment, given either as a map or as a list of {@code NAME=value} strings. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isObject()) {
            environment.fields().forEachRemaining(
                    e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        } else if (environment.isArray()) {
            for (JsonNode entry : environment) {
                String text = entry.asText();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        }
        return env;
    }

    /** The environment variable names of every key in a properties file, profile prefixes ({@code %prod.}) removed. */
    private static Set<String> envNamesOf(Path applicationProperties) throws IOException {
        assertThat(applicationProperties).isRegularFile();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties)) {
            properties.load(reader);
        }
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            names.add(toEnvName(key.replaceFirst("^%[^.]*\\.", "")));
        }
        return names;
    }

    /** MicroProfile Config's environment variable form: every non-alphanumeric character becomes '_', upper case. */
    static String toEnvName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static boolean hasHealthcheck(JsonNode service) {
        JsonNode healthcheck = service.path("healthcheck");
        JsonNode test = healthcheck.path("test");
        boolean hasTest = test.isArray()
                ? test.size() > 0 && !test.get(0).asText().equals("NONE")
                : !test.asText("").isBlank();
        return hasTest && !healthcheck.path("disable").asBoolean(false);
    }

    /** Published host ports, from short ("8085:8084", "127.0.0.1:8085:8084/tcp") or long ({published: 8085}) syntax. */
    private static List<String> hostPorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                ports.add(port.path("published").asText());
            } else {
                String[] parts = port.asText().replaceFirst("/.*$", "").split(":");
                ports.add(parts.length >= 2 ? parts[parts.length - 2] : "");
            }
        }
        return ports;
    }

    /** "jdbc:postgresql://postgres:5432/deployer_qa?x=y" -> "deployer_qa". */
    private static String databaseOf(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String path = jdbcUrl.replaceFirst("\\?.*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void assertPairwiseDistinct(Map<String, Map<String, String>> deployers, String what,
            Function<Map<String, String>, String> value) {
        Map<String, String> values = new LinkedHashMap<>();
        deployers.forEach((name, env) -> values.put(name, value.apply(env)));
        assertThat(values.values()).as("%s of the deployers: %s", what, values).doesNotContainNull()
                .allSatisfy(v -> assertThat(v).isNotBlank())
                .doesNotHaveDuplicates();
    }
}
