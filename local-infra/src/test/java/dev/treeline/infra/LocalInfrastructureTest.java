package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.treeline.events.Topics;

class LocalInfrastructureTest {

    @Test
    void kafkaBrokerAcceptsAndReturnsRecordsWithTheirKeys() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.get();
        String bootstrap = infra.settings().kafkaBootstrapServers();
        String topic = "infra-test-" + System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "house-prices", "hello")).get();
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    var record = records.iterator().next();
                    assertThat(record.key()).isEqualTo("house-prices");
                    assertThat(record.value()).isEqualTo("hello");
                    return;
                }
            }
        }
        throw new AssertionError("no record came back from the broker within 30 s");
    }

    @Test
    void platformTopicsAndTheirDeadLetterTopicsExistAtStart() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.get();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                infra.settings().kafkaBootstrapServers()))) {
            var names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all());
            assertThat(names).contains(Topics.deadLetter(Topics.DATASETS));
        }
    }

    @Test
    void theAccessKeysAndModelDefinitionsTopicsAreCompactedAndTheirDeadLetterTopicsAreNot() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.get();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                infra.settings().kafkaBootstrapServers()))) {
            for (String topic : java.util.List.of(Topics.ACCESS_KEYS, Topics.MODEL_DEFINITIONS)) {
                var compacted = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
                var dlq = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.deadLetter(topic));
                var configs = admin.describeConfigs(java.util.List.of(compacted, dlq)).all().get();

                assertThat(configs.get(compacted).get("cleanup.policy").value()).as(topic).isEqualTo("compact");
                assertThat(configs.get(dlq).get("cleanup.policy").value()).as(topic + ".dlq").isEqualTo("delete");
            }
            var datasets = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.DATASETS);
            assertThat(admin.describeConfigs(java.util.List.of(datasets)).all().get().get(datasets)
                    .get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void postgresCreatesOneDatabasePerServiceAndRunsSql() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.withDatabase("infra_test");
        InfraSettings s = infra.settings();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("infra_test"), s.postgresUser(),
                s.postgresPassword()); Statement st = c.createStatement()) {
            st.execute("create table t (id int primary key, name text)");
            st.execute("insert into t values (1, 'one')");
            try (ResultSet rs = st.executeQuery("select name, current_database(), current_setting('server_version_num')"
                    + " from t where id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
                assertThat(rs.getString(2)).isEqualTo("infra_test");
                assertThat(Integer.parseInt(rs.getString(3))).isGreaterThanOrEqualTo(150000);
            }
        }
    }

    @Test
    void s3ServerAnswersHttpAndRefusesUnsignedRequests() throws Exception {
        LocalInfrastructure infra = SharedInfrastructure.get();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(infra.settings().s3Endpoint() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        // An anonymous ListBuckets must be refused with an S3 error document, as real S3 does.
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("AccessDenied");
    }

    @Test
    void closingStopsEveryServerProcessAndDeletesTheThrowAwayData() throws Exception {
        LocalInfrastructure infra = LocalInfrastructure.builder().start();
        List<Long> pids;
        var dataDir = infra.dataDir();
        try {
            pids = infra.serverPids();
            assertThat(pids).hasSize(3).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                    .orElse(false));
        } finally {
            infra.close();
        }
        for (long pid : pids) {
            // an exited server may linger a moment until its new parent reaps it
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(t -> h).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d still alive after close", pid).isFalse();
        }
        assertThat(dataDir).doesNotExist();
    }
}
