package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

/**
 * -Dtreeline.infra=testcontainers. Where there is no Docker engine (these build machines) only the refusal
 * runs; where there is one, the containers are started and checked instead. Exactly one of the two runs.
 */
class ContainerInfrastructureTest {

    static boolean dockerIsAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Test
    @DisabledIf(value = "dockerIsAvailable", disabledReason = "a Docker engine is available: nothing to refuse")
    void selectingTestcontainersWithoutADockerEngineFailsAtOnceSayingWhatWasSelectedAndHowToGoBack() {
        long started = System.nanoTime();

        assertThatThrownBy(InfraBackend.TESTCONTAINERS::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("-Dtreeline.infra=testcontainers selects Kafka, PostgreSQL and MinIO in Docker")
                .hasMessageContaining("no Docker engine was found")
                .hasMessageContaining("Start a Docker engine")
                .hasMessageContaining("go back to the default embedded servers, which need no Docker: drop"
                        + " -Dtreeline.infra or set -Dtreeline.infra=embedded");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused before pulling or waiting for anything")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theContainerBrokerGetsEverySettingOfTheEmbeddedBroker() {
        Map<String, String> env = ContainerInfrastructure.kafkaEnvironment(3);

        assertThat(env).hasSameSizeAs(KafkaBroker.brokerSettings(3))
                .containsEntry("KAFKA_NUM_PARTITIONS", "3")
                .containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1");
    }

    @Test
    void theContainerPostgresRunsWithTheSettingsOfTheEmbeddedServer() {
        assertThat(ContainerInfrastructure.postgresCommand()).containsExactly("postgres", "-c", "max_connections=300",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    }

    @Test
    @EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine on this machine (the refusal test runs"
            + " instead); the embedded servers are tested by the other tests")
    void containersGiveTheServicesWhatTheEmbeddedServersGiveThem() throws Exception {
        InfraSettings embedded = SharedInfrastructure.get().settings();
        InfraSettings settings;
        try (LocalInfrastructure infra = InfraBackend.TESTCONTAINERS.start()) {
            settings = infra.settings();
            assertThat(settings.quarkusConfig("tc_service"))
                    .containsOnlyKeys(embedded.quarkusConfig("tc_service").keySet())
                    .containsEntry("treeline.s3.path-style-access", "true");
            assertThat(infra.serverPids()).as("containers are no child processes of this JVM").isEmpty();

            infra.createDatabase("tc_service");
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl("tc_service"), settings.postgresUser(),
                    settings.postgresPassword()); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_database()")).isEqualTo("tc_service");
                assertThat(single(s, "show max_connections")).isEqualTo("300");
                assertThat(single(s, "show fsync")).isEqualTo("off");
            }

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    settings.kafkaBootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).containsAll(LocalInfrastructure.platformTopics());
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(settings.s3Endpoint()
                    + "/minio/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(settings.s3Endpoint() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(anonymous.statusCode()).as("credentials are checked, as S3Proxy checks them").isEqualTo(403);
            assertThat(settings.s3AccessKeyId()).isEqualTo(embedded.s3AccessKeyId());
            assertThat(settings.s3SecretAccessKey()).isEqualTo(embedded.s3SecretAccessKey());
            assertThat(settings.s3Region()).isEqualTo(embedded.s3Region());
        }
        assertThatThrownBy(() -> DriverManager.getConnection(settings.jdbcUrl("tc_service"), settings.postgresUser(),
                settings.postgresPassword()).close())
                .as("closing stops the containers").isInstanceOf(SQLException.class);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
