package dev.treeline.infra;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which servers {@link SharedInfrastructure} (and so {@link LocalInfraTestResource}) starts for the tests of
 * a JVM: {@code -Dtreeline.infra=embedded} (the default when unset) or {@code -Dtreeline.infra=testcontainers}.
 * Either way the services get the same settings ({@link InfraSettings}), one database each.
 */
public enum InfraBackend {

    /** Kafka, PostgreSQL and S3Proxy as child processes on loopback, from Maven artifacts: no Docker. */
    EMBEDDED {
        @Override
        LocalInfrastructure start() throws IOException {
            return LocalInfrastructure.builder().start();
        }
    },

    /** Kafka, PostgreSQL and MinIO in Docker containers, started with Testcontainers. */
    TESTCONTAINERS {
        @Override
        LocalInfrastructure start() throws IOException {
            requireTestcontainers(InfraBackend.class.getClassLoader());
            // Only now is a Testcontainers class touched: the embedded path never loads one.
            return ContainerInfrastructure.start(ContainerImages.fromSystemProperties());
        }
    };

    /** The system property that selects; a Maven {@code -D} reaches the test JVMs and local-infra's profile. */
    public static final String PROPERTY = "treeline.infra";

    /** A class every Testcontainers version we can use has, to tell whether it is on the class path. */
    static final String TESTCONTAINERS_PROBE = "org.testcontainers.DockerClientFactory";

    abstract LocalInfrastructure start() throws IOException;

    /** What to write after {@code -Dtreeline.infra=}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backend {@code -Dtreeline.infra} names in this JVM. */
    public static InfraBackend selected() {
        return select(System.getProperty(PROPERTY));
    }

    /** Unset or blank is {@link #EMBEDDED}; case and surrounding spaces do not matter; anything else is refused. */
    static InfraBackend select(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        String wanted = value.trim();
        return Arrays.stream(values()).filter(b -> b.value().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("-D" + PROPERTY + "=" + value
                        + " is not a test infrastructure local-infra knows; use "
                        + Arrays.stream(values()).map(InfraBackend::value).collect(Collectors.joining(" or "))
                        + " (embedded, the default: Kafka, PostgreSQL and S3Proxy on loopback without Docker;"
                        + " testcontainers: Kafka, PostgreSQL and MinIO in Docker containers)"));
    }

    /** Fails at once, saying how to get Testcontainers or go back, when the class path lacks it. */
    static void requireTestcontainers(ClassLoader loader) {
        try {
            Class.forName(TESTCONTAINERS_PROBE, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(selectedContainers() + ", but Testcontainers is not on the class path ("
                    + TESTCONTAINERS_PROBE + " not found). Maven adds it when the build itself is given the"
                    + " property (./mvnw test -D" + PROPERTY + "=testcontainers turns on local-infra's Maven profile"
                    + " 'testcontainers'); in an IDE, turn on that profile. Or " + goBack());
        }
    }

    static String noDockerEngine() {
        return selectedContainers() + ", but no Docker engine was found (Testcontainers looked at DOCKER_HOST,"
                + " ~/.testcontainers.properties and the usual Docker sockets). Start a Docker engine, or " + goBack();
    }

    private static String selectedContainers() {
        return "-D" + PROPERTY + "=testcontainers selects Kafka, PostgreSQL and MinIO in Docker containers";
    }

    private static String goBack() {
        return "go back to the default embedded servers, which need no Docker: drop -D" + PROPERTY + " or set -D"
                + PROPERTY + "=embedded.";
    }
}
