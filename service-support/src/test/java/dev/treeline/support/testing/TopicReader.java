package dev.treeline.support.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic of the test's broker from the beginning, for assertions on what a service published. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * The values on {@code topic} that match, waiting up to {@code timeout} for {@code expected} of them;
     * returns what was found (possibly fewer), and keeps reading a moment after to catch extras.
     */
    public static List<byte[]> valuesUntil(String topic, Predicate<byte[]> matches, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = recordsUntil(topic, r -> matches.test(r.value()), expected,
                timeout);
        return records.stream().map(ConsumerRecord::value).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> recordsUntil(String topic,
            Predicate<ConsumerRecord<String, byte[]>> matches, int expected, Duration timeout) {
        return recordsUntil(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic,
                matches, expected, timeout);
    }

    /** As above, outside a Quarkus test: the broker is named. */
    public static List<ConsumerRecord<String, byte[]>> recordsUntil(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, byte[]>> matches, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (matches.test(r)) {
                        found.add(r);
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
            return found;
        }
    }
}
