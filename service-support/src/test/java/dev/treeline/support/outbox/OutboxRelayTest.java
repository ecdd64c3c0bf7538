package dev.treeline.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import dev.treeline.infra.SharedInfrastructure;
import dev.treeline.support.testing.TopicReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The relay against the real PostgreSQL and Kafka, including the crash windows around a send. */
class OutboxRelayTest {

    static final String DATABASE = "outbox_relay_test";
    static final String TOPIC = dev.treeline.events.Topics.RUN_FAILURES;
    static PGSimpleDataSource dataSource;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;

    @BeforeAll
    static void setUp() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.withDatabase(DATABASE);
        InfraSettings settings = infra.settings();
        bootstrap = settings.kafkaBootstrapServers();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.jdbcUrl(DATABASE));
        dataSource.setUser(settings.postgresUser());
        dataSource.setPassword(settings.postgresPassword());
        try (InputStream in = OutboxRelayTest.class.getResourceAsStream("/db/migration/V0_2__outbox.sql");
             Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists outbox_event");
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void tearDown() {
        producer.close();
    }

    @BeforeEach
    void emptyOutbox() throws Exception {
        execute("delete from outbox_event");
    }

    @Test
    void rowsCommittedBeforeACrashAreSentByTheNextRelayInOrderAndMarked() throws Exception {
        // The process died after commit and before sending: the rows are all that is left.
        String run = UUID.randomUUID().toString();
        List<EventEnvelope<RunFailed>> events = List.of(event(run, "first"), event(run, "second"), event(run, "third"));
        events.forEach(OutboxRelayTest::insert);

        try (OutboxRelay relay = relay(10)) {
            assertThat(relay.relayOnce()).isEqualTo(3);
            assertThat(relay.relayOnce()).isZero();
            assertThat(relay.pending()).isZero();
        }

        List<ConsumerRecord<String, byte[]>> records = recordsOf(run, 3);
        assertThat(records).extracting(r -> decode(r).payload().reason()).containsExactly("first", "second", "third");
        ConsumerRecord<String, byte[]> first = records.get(0);
        assertThat(first.key()).isEqualTo("churn-model");
        Map<String, String> headers = headers(first);
        assertThat(headers).containsEntry("ce_id", events.get(0).eventId().toString())
                .containsEntry("ce_type", "dev.treeline.RunFailed")
                .containsEntry("ce_source", "/treeline/test")
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_subject", "churn-model")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void aSendWhoseMarkWasLostIsSentAgainWithTheSameEventId() throws Exception {
        String run = UUID.randomUUID().toString();
        EventEnvelope<RunFailed> event = event(run, "once");
        insert(event);
        try (OutboxRelay relay = relay(10)) {
            assertThat(relay.relayOnce()).isEqualTo(1);
            // The crash hit after the broker acknowledged and before the mark committed.
            execute("update outbox_event set published_at = null");
            assertThat(relay.relayOnce()).isEqualTo(1);
        }
        List<ConsumerRecord<String, byte[]>> records = recordsOf(run, 2);
        assertThat(records).extracting(r -> decode(r).eventId()).containsOnly(event.eventId());
    }

    @Test
    void aRelayWaitsWhileAnotherHoldsTheDatabaseLock() throws Exception {
        insert(event(UUID.randomUUID().toString(), "locked"));
        try (Connection other = dataSource.getConnection(); OutboxRelay relay = relay(10)) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, OutboxRelay.LOCK_KEY);
                lock.execute();
            }
            assertThat(relay.relayOnce()).isZero();
            assertThat(relay.pending()).isEqualTo(1);
            other.rollback();
            assertThat(relay.relayOnce()).isEqualTo(1);
        }
    }

    @Test
    void theRunningRelaySendsInBatchesAndWakesOnDemand() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 7; i++) {
            insert(event(run, "row " + i));
        }
        try (OutboxRelay relay = relay(3)) {
            relay.start();
            relay.wake();
            recordsOf(run, 7);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (relay.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(relay.pending()).isZero();
            assertThat(relay.publishedCount()).isEqualTo(7);
        }
    }

    @Test
    void anUnreachableBrokerLeavesRowsUnsentAndReportsWhy() throws Exception {
        insert(event(UUID.randomUUID().toString(), "no broker"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "500");
        try (KafkaProducer<String, byte[]> dead = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
             OutboxRelay relay = new OutboxRelay(dataSource, dead, "/treeline/test", 10, Duration.ofMillis(100),
                     Duration.ofDays(7), Duration.ofSeconds(2))) {
            relay.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (relay.failureCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(relay.failureCount()).isPositive();
            assertThat(relay.lastError()).isNotBlank();
            assertThat(relay.pending()).isEqualTo(1);
        }
    }

    private static OutboxRelay relay(int batchSize) {
        return new OutboxRelay(dataSource, producer, "/treeline/test", batchSize, Duration.ofMillis(100),
                Duration.ofDays(7), Duration.ofSeconds(30));
    }

    private static EventEnvelope<RunFailed> event(String run, String reason) {
        return EventEnvelope.of(run, new RunFailed(run, "churn-model", "tuning", reason));
    }

    private static void insert(EventEnvelope<?> event) {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into outbox_event (event_id, topic, message_key, event_type, occurred_at, payload)"
                        + " values (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.type().topic());
            insert.setString(3, event.subject());
            insert.setString(4, event.type().wireName());
            insert.setObject(5, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
            insert.setString(6, new String(EventCodec.shared().encode(event), StandardCharsets.UTF_8));
            insert.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @SuppressWarnings("unchecked")
    private static EventEnvelope<RunFailed> decode(ConsumerRecord<String, byte[]> record) {
        return (EventEnvelope<RunFailed>) EventCodec.shared().decode(record.value());
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Every record of this run on the topic, waiting until {@code expected} have arrived. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(String run, int expected) {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.recordsUntil(bootstrap, TOPIC,
                r -> run.equals(decode(r).correlationId()), expected, Duration.ofSeconds(30));
        assertThat(found).hasSize(expected);
        return found;
    }
}
