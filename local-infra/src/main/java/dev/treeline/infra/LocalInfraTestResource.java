package dev.treeline.infra;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test real Kafka, PostgreSQL and S3 servers, started without Docker; or, with
 * {@code -Dtreeline.infra=testcontainers}, in Docker containers ({@link InfraBackend}).
 * <p>
 * Arguments: {@code database} (the service's own database, default {@code app}); {@code warehouse}
 * (a second database exposed as the named datasource {@code warehouse}, for data-prep).
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";
    private String warehouse;

    @Override
    public void init(Map<String, String> args) {
        database = args.getOrDefault("database", database);
        warehouse = args.get("warehouse");
    }

    @Override
    public Map<String, String> start() {
        LocalInfrastructure infra = SharedInfrastructure.withDatabase(database);
        Map<String, String> config = new HashMap<>(infra.settings().quarkusConfig(database));
        if (warehouse != null) {
            SharedInfrastructure.withDatabase(warehouse);
            config.put("quarkus.datasource.warehouse.jdbc.url", infra.settings().jdbcUrl(warehouse));
            config.put("quarkus.datasource.warehouse.username", infra.settings().postgresUser());
            config.put("quarkus.datasource.warehouse.password", infra.settings().postgresPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared across Quarkus restarts in this JVM; the shutdown hook of SharedInfrastructure stops it.
    }
}
