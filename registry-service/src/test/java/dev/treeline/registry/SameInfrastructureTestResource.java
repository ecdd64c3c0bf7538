package dev.treeline.registry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@link LocalInfraTestResource}, but the servers the first start created are reused by every later
 * Quarkus application in this JVM, even under another test profile. local-infra keeps its servers in
 * a static field, which each profile's new class loader sees empty (so each profile would get a new,
 * empty Kafka and PostgreSQL); the connection settings are kept in system properties instead, which
 * all class loaders share. The first servers keep running until the JVM exits (local-infra's hook).
 */
public class SameInfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "registry.test.same-infra.";
    private final LocalInfraTestResource delegate = new LocalInfraTestResource();

    @Override
    public void init(Map<String, String> args) {
        delegate.init(args);
    }

    @Override
    public synchronized Map<String, String> start() {
        String keys = System.getProperty(PREFIX + "keys");
        if (keys != null) {
            Map<String, String> config = new HashMap<>();
            Arrays.stream(keys.split("\n")).forEach(k -> config.put(k, System.getProperty(PREFIX + "value." + k)));
            return config;
        }
        Map<String, String> config = delegate.start();
        config.forEach((k, v) -> System.setProperty(PREFIX + "value." + k, v));
        System.setProperty(PREFIX + "keys", String.join("\n", config.keySet()));
        return config;
    }

    @Override
    public void stop() {
        delegate.stop();
    }
}
