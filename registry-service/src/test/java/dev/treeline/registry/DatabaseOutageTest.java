package dev.treeline.registry;

import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.Properties;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.registry.model.ModelPackage;
import dev.treeline.support.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A short database outage must not turn valid events into dead letters: the consumer retries with backoff
 * and applies the event once the database is back. The outage is real: the registry database stops
 * accepting connections and every open connection to it is terminated.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class DatabaseOutageTest {

    @Inject
    MeterRegistry meters;

    @Test
    void aTuningResultArrivingDuringADatabaseOutageIsRegisteredWhenTheDatabaseIsBackNotDeadLettered() throws Exception {
        String group = newGroup("outage");
        double retriesBefore = retries();
        String database = databaseName();

        try (Connection admin = adminConnection()) {
            execute(admin, "alter database \"" + database + "\" allow_connections false");
            try {
                execute(admin, "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                        + "' and pid <> pg_backend_pid()");
                TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
                // The consumer must have met the outage and be retrying before the database comes back.
                await().atMost(Duration.ofSeconds(20)).until(() -> retries() > retriesBefore);
            } finally {
                execute(admin, "alter database \"" + database + "\" allow_connections true");
            }
        }

        // The test's own query may borrow a pooled connection the outage terminated: that fails once, then the pool
        // hands out a fresh one.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> RegistrationTest.versionsOf(group).size() == 1);
        List<ModelPackage> versions = RegistrationTest.versionsOf(group);
        assertThat(versions).extracting(v -> v.version).containsExactly(1);
        // Nothing of this group was dead-lettered: a malformed event sent after it, on the same partition, is
        // the first and only one there.
        String marker = UUID.randomUUID().toString();
        TestKafka.send(Topics.TUNING, group, ("{\"eventId\":\"" + marker + "\",\"type\":\"TuningCompleted\","
                + "\"schemaVersion\":1,\"occurredAt\":\"2026-11-24T11:02:13.500Z\",\"correlationId\":\"marker\","
                + "\"subject\":\"" + group + "\",\"payload\":{\"model\":\"" + group + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        List<String> deadLettered = TopicReader.recordsUntil(Topics.deadLetter(Topics.TUNING),
                        r -> group.equals(r.key()), 1, Duration.ofSeconds(30)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertThat(deadLettered).hasSize(1);
        assertThat(deadLettered.get(0)).contains(marker);
    }

    private double retries() {
        var counter = meters.find("treeline.consumer.retries").tag("consumer", "registry.tuning").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String databaseName() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String path = URI.create(url.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    /** A connection to the server's maintenance database, which stays open through the outage. */
    private static Connection adminConnection() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String maintenance = url.replaceFirst("/" + databaseName() + "(\\?|$)", "/postgres$1");
        Properties props = new Properties();
        props.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(p -> props.setProperty("password", p));
        return new org.postgresql.Driver().connect(maintenance, props);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
