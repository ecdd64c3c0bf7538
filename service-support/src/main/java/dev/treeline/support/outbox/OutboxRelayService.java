package dev.treeline.support.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the {@link OutboxRelay} of this service from start-up to shutdown, with its own idempotent producer. */
@ApplicationScoped
public class OutboxRelayService {

    private final OutboxConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final String applicationName;
    private volatile OutboxRelay relay;
    private Producer<String, byte[]> producer;

    public OutboxRelayService(OutboxConfig config, AgroalDataSource dataSource, MeterRegistry meters,
                              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                              @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.config = config;
        this.dataSource = dataSource;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-outbox");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        OutboxRelay started = new OutboxRelay(dataSource, producer,
                config.source().orElse("/treeline/" + applicationName),
                config.batchSize(), config.pollInterval(), config.retention(), Duration.ofSeconds(30));
        started.onPublished(meters.counter("treeline.outbox.published")::increment);
        meters.more().counter("treeline.outbox.relay.failures", java.util.List.of(), started,
                OutboxRelay::failureCount);
        relay = started;
        started.start();
    }

    void stop(@Observes ShutdownEvent event) {
        OutboxRelay current = relay;
        relay = null;
        if (current != null) {
            current.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Sends rows a transaction just committed without waiting for the next poll. */
    public void wake() {
        OutboxRelay current = relay;
        if (current != null) {
            current.wake();
        }
    }

    /** Whether the relay is running (false when disabled by configuration). */
    public boolean running() {
        return relay != null;
    }
}
