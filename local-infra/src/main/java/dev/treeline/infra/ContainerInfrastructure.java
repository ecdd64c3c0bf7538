package dev.treeline.infra;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link InfraBackend#TESTCONTAINERS}: Kafka, PostgreSQL and MinIO in Docker containers, configured like
 * the embedded servers (same broker and PostgreSQL settings, same topics, S3 credentials and region, one
 * database per service on request). The only class that uses Testcontainers; nothing on the embedded
 * path loads it.
 */
final class ContainerInfrastructure {

    private static final Logger LOG = Logger.getLogger(ContainerInfrastructure.class.getName());

    /** The container's superuser needs one (the embedded servers trust loopback instead). */
    static final String POSTGRES_PASSWORD = "treeline";

    private ContainerInfrastructure() {
    }

    /** Refuses at once, before any image is pulled, where Testcontainers finds no Docker engine. */
    static LocalInfrastructure start(ContainerImages images) throws IOException {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(InfraBackend.noDockerEngine());
        }
        int partitions = LocalInfrastructure.TEST_PARTITIONS;
        KafkaContainer kafka = new KafkaContainer(image(images.kafka(), "apache/kafka"));
        kafkaEnvironment(partitions).forEach(kafka::withEnv);
        PostgreSQLContainer postgres = new PostgreSQLContainer(image(images.postgres(), "postgres"))
                .withUsername(PostgresServer.SUPERUSER).withPassword(POSTGRES_PASSWORD).withDatabaseName("postgres")
                .withCommand(postgresCommand());
        MinIOContainer minio = new MinIOContainer(image(images.minio(), "minio/minio"))
                .withUserName(LocalInfrastructure.S3_ACCESS_KEY).withPassword(LocalInfrastructure.S3_SECRET_KEY);
        List<GenericContainer<?>> containers = List.of(kafka, postgres, minio);
        try {
            Startables.deepStart(containers).join();
            KafkaBroker.createTopics(kafka.getBootstrapServers(), LocalInfrastructure.platformTopics(), partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll(containers);
            throw new IOException("interrupted while starting the containers", e);
        } catch (IOException | RuntimeException e) {
            stopAll(containers);
            throw new IOException("the Testcontainers infrastructure (" + images + ") did not start: " + e.getMessage(),
                    e);
        }
        InfraSettings settings = new InfraSettings(kafka.getBootstrapServers(), postgres.getHost(),
                postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), postgres.getUsername(),
                postgres.getPassword(), minio.getS3URL(), S3Server.REGION, minio.getUserName(), minio.getPassword());
        LOG.info("test infrastructure in Docker containers (" + images + "):\n" + settings.describe());
        return LocalInfrastructure.reachedAt(settings, "PostgreSQL in a Docker container (" + images.postgres() + ")",
                () -> stopAll(containers));
    }

    private static DockerImageName image(String name, String compatibleWith) {
        // A mirror or a self-built image under another name must still pass the module's image check.
        return DockerImageName.parse(name).asCompatibleSubstituteFor(compatibleWith);
    }

    /** The embedded broker's settings as the apache/kafka image takes them (KAFKA_ + name, dots as '_'). */
    static Map<String, String> kafkaEnvironment(int partitions) {
        Map<String, String> env = new LinkedHashMap<>();
        KafkaBroker.brokerSettings(partitions).forEach((name, value) -> env.put(
                "KAFKA_" + name.replace('.', '_').toUpperCase(Locale.ROOT), value));
        return env;
    }

    /** The server settings of the embedded PostgreSQL, on the container's command line. */
    static String[] postgresCommand() {
        List<String> command = new ArrayList<>(List.of("postgres"));
        PostgresServer.serverConfig(false).forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        return command.toArray(String[]::new);
    }

    private static void stopAll(List<GenericContainer<?>> containers) {
        containers.parallelStream().forEach(container -> {
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.warning("stopping " + container.getDockerImageName() + " failed: " + e);
            }
        });
    }
}
