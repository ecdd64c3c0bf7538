package dev.treeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.SharedInfrastructure;

/**
 * Every event type through the real broker, on the topic the contract names, keyed by model group, as bytes
 * written and read by {@link EventCodec} (what the outbox sends and the consumer kit decodes): what comes back
 * equals what was sent.
 */
class EventBrokerRoundTripTest {

    @Test
    void everyEventTypeSurvivesTheRealBrokerUnchanged() {
        String bootstrap = SharedInfrastructure.get().settings().kafkaBootstrapServers();
        Map<EventType, EventEnvelope<?>> sent = new EnumMap<>(EventType.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (EventType type : EventType.values()) {
                EventEnvelope<?> event = ExpectedEvents.expected(type);
                sent.put(type, event);
                producer.send(new ProducerRecord<>(type.topic(), event.subject(), EventCodec.shared().encode(event)));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, byte[]>> received = consume(bootstrap,
                sent.values().stream().map(e -> e.type().topic()).distinct().toList(), sent.size());

        assertThat(received).hasSize(EventType.values().length);
        for (ConsumerRecord<String, byte[]> record : received) {
            EventEnvelope<?> event = EventCodec.shared().decode(record.value());
            assertThat(event).isEqualTo(sent.get(event.type()));
            assertThat(record.key()).isEqualTo(event.subject());
            assertThat(record.topic()).isEqualTo(event.type().topic());
        }
    }

    @Test
    void malformedRecordIsRejectedWithAReasonWhileTheNextOneStillDecodes() {
        String bootstrap = SharedInfrastructure.get().settings().kafkaBootstrapServers();
        String topic = "roundtrip-malformed-" + UUID.randomUUID();
        EventEnvelope<?> good = ExpectedEvents.expected(EventType.RUN_FAILED);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "house-prices", "{\"type\":\"RunFailed\",\"schemaVersion\":9}"));
            producer.send(new ProducerRecord<>(topic, good.subject(),
                    new String(EventCodec.shared().encode(good), StandardCharsets.UTF_8)));
        }
        // Consumers read bytes and decode themselves, so one bad record cannot stop the partition.
        Properties props = consumerProps(bootstrap);
        List<Object> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (outcomes.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        outcomes.add(EventCodec.shared().decode(record.value()));
                    } catch (InvalidEventException e) {
                        outcomes.add(e.getMessage());
                    }
                }
            }
        }
        assertThat(outcomes).hasSize(2);
        assertThat((String) outcomes.get(0)).contains("RunFailed").contains("schemaVersion 9");
        assertThat(outcomes.get(1)).isEqualTo(good);
    }

    private static List<ConsumerRecord<String, byte[]>> consume(String bootstrap, List<String> topics,
            int expected) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        return received;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
