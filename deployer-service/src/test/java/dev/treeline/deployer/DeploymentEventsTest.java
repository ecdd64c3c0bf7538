package dev.treeline.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.treeline.events.DeploymentAction;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class DeploymentEventsTest {

    @Inject
    DeploymentEvents events;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void modelDeployedIsKeyedByModelAndCarriesCloudEventHeaders() throws Exception {
        String runId = UUID.randomUUID().toString();
        ModelDeployed payload = new ModelDeployed("sandbox", "treeline-sandbox", "churn-model", 3,
                "98011857a09c2882feba0e4e57c1cf3672fbd7d7be5f767695e06c486312552e", Instant.parse(
                        "2026-11-24T10:00:00Z"), DeploymentAction.PROMOTED, "approved by alice");
        events.deployed(runId, payload).toCompletableFuture().get(30, TimeUnit.SECONDS);

        ConsumerRecord<String, byte[]> record = findRecord(runId);
        EventEnvelope<?> event = EventCodec.shared().decode(record.value());
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }

        assertThat(record.key()).isEqualTo("churn-model");
        assertThat(event.payload()).isEqualTo(payload);
        assertThat(event.correlationId()).isEqualTo(runId);
        assertThat(headers).containsEntry("ce_id", event.eventId().toString())
                .containsEntry("ce_type", "dev.treeline.ModelDeployed")
                .containsEntry("ce_source", "/treeline/deployer/sandbox")
                .containsEntry("ce_subject", "churn-model")
                .containsEntry("ce_specversion", "1.0");
    }

    private ConsumerRecord<String, byte[]> findRecord(String runId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + runId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEPLOYMENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(runId)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("ModelDeployed for run " + runId + " not found on " + Topics.DEPLOYMENTS);
    }
}
