package dev.treeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One infrastructure per test JVM: Quarkus restarts the application for each test profile, and
 * restarting Kafka each time would cost seconds for nothing. Stopped by a shutdown hook. Which servers it
 * starts, {@code -Dtreeline.infra} decides ({@link InfraBackend}: embedded by default, or Testcontainers).
 */
public final class SharedInfrastructure {

    private static LocalInfrastructure instance;
    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    private SharedInfrastructure() {
    }

    /** Where the first class loader leaves the settings for the others (Quarkus test profiles each get one). */
    static final String SHARED_PROPERTY = "dev.treeline.infra.shared-settings"; // outside any config prefix
    private static final String JVM_WIDE_LOCK = "dev.treeline.infra.SharedInfrastructure.lock";

    public static synchronized LocalInfrastructure get() {
        if (instance == null) {
            // A string literal is interned once per JVM, so this lock is shared by every class loader.
            synchronized (JVM_WIDE_LOCK) {
                String shared = System.getProperty(SHARED_PROPERTY);
                if (shared != null) {
                    instance = LocalInfrastructure.attach(InfraSettings.decode(shared));
                    return instance;
                }
                instance = startOwned();
                System.setProperty(SHARED_PROPERTY, instance.settings().encode());
            }
        }
        return instance;
    }

    /** Starts what {@code -Dtreeline.infra} selects (embedded servers unless told otherwise). */
    private static LocalInfrastructure startOwned() {
        LocalInfrastructure started;
        try {
            started = InfraBackend.selected().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "treeline-infra-stop"));
        return started;
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
