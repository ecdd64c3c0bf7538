package dev.treeline.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.treeline.infra.InfraSettings;

/** One service instance of the local platform: which module, on which port, with which database and bucket. */
record ServiceSpec(String name, String module, int port, String database, String bucket, boolean readsWarehouse,
        Map<String, String> extra) {

    static final String WAREHOUSE_DATABASE = "warehouse";
    /** bcrypt of "admin": the local run's deployer management user, as the CLI defaults. */
    static final String LOCAL_ADMIN_PASSWORD_BCRYPT = "$2a$10$xwKNqA9kWKdG9Z97esBEPuxNYJr0kjAVS8CzxDYhS9fPmIAlI7Vji";

    Path runJar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The service's configuration as environment variables, the same names docker-compose uses. */
    Map<String, String> environment(InfraSettings infra) {
        Map<String, String> config = new LinkedHashMap<>(infra.quarkusConfig(database));
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("treeline.s3.bucket", bucket);
        config.put("treeline.s3.create-bucket", "true");
        config.putAll(extra);
        if (readsWarehouse) {
            config.put("quarkus.datasource.warehouse.jdbc.url", infra.jdbcUrl(WAREHOUSE_DATABASE));
            config.put("quarkus.datasource.warehouse.username", infra.postgresUser());
            config.put("quarkus.datasource.warehouse.password", infra.postgresPassword());
        }
        return InfraSettings.asEnvironment(config);
    }

    /**
     * The four services and three deployer accounts; ports from {@code ports} in this order.
     *
     * @param dataPrepConfig extra data-prep settings, e.g. where the demo model specs are
     */
    static List<ServiceSpec> platform(List<Integer> ports, java.time.Duration prodPromotionDelay,
                                      Map<String, String> dataPrepConfig, Map<String, String> tuningConfig) {
        return List.of(
                new ServiceSpec("data-prep-service", "data-prep-service", ports.get(0), "dataprep", "treeline-training",
                        true, dataPrepConfig),
                new ServiceSpec("tuning-service", "tuning-service", ports.get(1), "tuning", "treeline-training",
                        false, tuningConfig),
                // Local run only: the registry's first admin is admin/admin, which a packaged registry refuses
                // unless told it runs on a developer machine.
                new ServiceSpec("registry-service", "registry-service", ports.get(2), "registry", "treeline-training",
                        false, Map.of("treeline.registry.bootstrap-admin.username", "admin",
                                "treeline.registry.bootstrap-admin.password", "admin",
                                "treeline.registry.bootstrap-admin.allow-well-known-password", "true")),
                deployer("sandbox", ports.get(3), "registered", "PT0S"),
                deployer("qa", ports.get(4), "approved", "PT0S"),
                // Short in the local run so a person sees prod follow qa; real prod would wait hours.
                deployer("prod", ports.get(5), "approved", prodPromotionDelay.toString()));
    }

    private static ServiceSpec deployer(String account, int port, String policy, String promotionDelay) {
        return new ServiceSpec("deployer-" + account, "deployer-service", port, "deployer_" + account,
                "treeline-" + account, false, Map.of(
                        "treeline.deployer.account", account,
                        "treeline.deployer.endpoint-name", "treeline-" + account,
                        "treeline.deployer.policy", policy,
                        "treeline.deployer.promotion-delay", promotionDelay,
                        "treeline.deployer.consumer-group", "deployer-" + account,
                        // Local run only: management API user admin/admin, as the CLI defaults.
                        "treeline.admin.users.admin", LOCAL_ADMIN_PASSWORD_BCRYPT));
    }

    static List<String> databases(List<ServiceSpec> services) {
        List<String> names = new java.util.ArrayList<>(services.stream().map(ServiceSpec::database).toList());
        names.add(WAREHOUSE_DATABASE);
        return names;
    }
}
