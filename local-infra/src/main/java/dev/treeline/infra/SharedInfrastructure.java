package dev.treeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One infrastructure per test JVM: Quarkus restarts the application for each test profile, and
 * restarting Kafka each time would cost seconds for nothing. Stopped by a shutdown hook.
 */
public final class SharedInfrastructure {

    private static LocalInfrastructure instance;
    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    private SharedInfrastructure() {
    }

    public static synchronized LocalInfrastructure get() {
        if (instance == null) {
            try {
                instance = LocalInfrastructure.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalInfrastructure started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "treeline-infra-stop"));
        }
        return instance;
    }

    public static LocalInfrastructure withDatabase(String database) {
        LocalInfrastructure infra = get();
        if (DATABASES.add(database)) {
            try {
                infra.createDatabase(database);
            } catch (IOException e) {
                DATABASES.remove(database);
                throw new UncheckedIOException(e);
            }
        }
        return infra;
    }
}
