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

    private static Path root;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = findRoot();
        JsonNode compose = new YAMLMapper().readTree(root.resolve(COMPOSE_FILE).toFile());
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
            Set<String> known = envNamesOf(built.getValue().resolve("src/main/resources/application.properties"));
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
