package dev.treeline.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.treeline.infra.InfraSettings;

/**
 * One service instance of the local platform: which module, on which API and management ports, with which database
 * and bucket, and which secrets it gets.
 *
 * @param configFiles extra configuration files ({@code quarkus.config.locations})
 */
record ServiceSpec(String name, String module, int port, int managementPort, String database, String bucket,
        boolean readsWarehouse, Map<String, String> extra, List<Path> configFiles) {

    static final String WAREHOUSE_DATABASE = "warehouse";
    static final String REGISTRY = "registry-service";
    static final String DEPLOYER_MODULE = "deployer-service";
    /** data-prep's definitions folder setting (TREELINE_DEFINITIONS_DIR in the environment, as in docker-compose). */
    static final String DEFINITIONS_DIR = "treeline.definitions.dir";

    Path runJar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: health, metrics, OpenAPI (not exposed with the API). */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The registry signs tokens; the registry and the deployers hold access-key secrets. */
    boolean signsTokens() {
        return name.equals(REGISTRY);
    }

    boolean holdsAccessKeys() {
        return name.equals(REGISTRY) || module.equals(DEPLOYER_MODULE);
    }

    /**
     * The service's configuration as environment variables, the same names docker-compose uses. Secret values stay in
     * files: the environment names only where they are.
     */
    Map<String, String> environment(InfraSettings infra, LocalSecrets secrets) {
        Map<String, String> config = new LinkedHashMap<>(infra.quarkusConfig(database));
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.management.port", Integer.toString(managementPort));
        config.put("treeline.s3.bucket", bucket);
        config.put("treeline.s3.create-bucket", "true");
        config.put("mp.jwt.verify.publickey.location", secrets.jwtPublicKey().toString());
        List<Path> files = new ArrayList<>(configFiles);
        if (signsTokens()) {
            config.put("smallrye.jwt.sign.key.location", secrets.jwtPrivateKey().toString());
            files.add(secrets.adminConfig());
        }
        if (holdsAccessKeys()) {
            files.add(secrets.accessKeysConfig());
        }
        if (!files.isEmpty()) {
            config.put("quarkus.config.locations", String.join(",", files.stream().map(f -> f.toUri().toString())
                    .toList()));
        }
        config.putAll(extra);
        if (readsWarehouse) {
            config.put("quarkus.datasource.warehouse.jdbc.url", infra.jdbcUrl(WAREHOUSE_DATABASE));
            config.put("quarkus.datasource.warehouse.username", infra.postgresUser());
            config.put("quarkus.datasource.warehouse.password", infra.postgresPassword());
        }
        return InfraSettings.asEnvironment(config);
    }

    /**
     * The four services and three deployer accounts; ports from {@code ports} and {@code managementPorts} in this
     * order.
     *
     * @param definitionsDir the folder of model definitions data-prep loads and watches (treeline.definitions.dir)
     */
    static List<ServiceSpec> platform(List<Integer> ports, List<Integer> managementPorts,
                                      java.time.Duration prodPromotionDelay, Path definitionsDir) {
        return List.of(
                new ServiceSpec("data-prep-service", "data-prep-service", ports.get(0), managementPorts.get(0),
                        "dataprep", "treeline-training", true, Map.of(DEFINITIONS_DIR, definitionsDir.toString()),
                        List.of()),
                new ServiceSpec("tuning-service", "tuning-service", ports.get(1), managementPorts.get(1), "tuning",
                        "treeline-training", false, Map.of(), List.of()),
                // The first admin's password comes from a file (LocalSecrets); "admin" by default in the local run,
                // which a packaged registry refuses unless told it runs on a developer machine.
                new ServiceSpec(REGISTRY, REGISTRY, ports.get(2), managementPorts.get(2), "registry",
                        "treeline-training", false, Map.of("treeline.registry.bootstrap-admin.username",
                                LocalPlatform.ADMIN_USER,
                                "treeline.registry.bootstrap-admin.allow-well-known-password", "true"), List.of()),
                deployer("sandbox", ports.get(3), managementPorts.get(3), "registered", "PT0S"),
                deployer("qa", ports.get(4), managementPorts.get(4), "approved", "PT0S"),
                // Short in the local run so a person sees prod follow qa; real prod would wait hours.
                deployer("prod", ports.get(5), managementPorts.get(5), "approved", prodPromotionDelay.toString()));
    }

    private static ServiceSpec deployer(String account, int port, int managementPort, String policy,
                                        String promotionDelay) {
        return new ServiceSpec("deployer-" + account, DEPLOYER_MODULE, port, managementPort, "deployer_" + account,
                "treeline-" + account, false, Map.of(
                        "treeline.deployer.account", account,
                        "treeline.deployer.endpoint-name", "treeline-" + account,
                        "treeline.deployer.policy", policy,
                        "treeline.deployer.promotion-delay", promotionDelay,
                        "treeline.deployer.consumer-group", "deployer-" + account), List.of());
    }

    static List<String> databases(List<ServiceSpec> services) {
        List<String> names = new java.util.ArrayList<>(services.stream().map(ServiceSpec::database).toList());
        names.add(WAREHOUSE_DATABASE);
        return names;
    }
}
