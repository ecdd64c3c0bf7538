package dev.treeline.dataprep.kickoff;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.DriftDetected;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * {@code DriftDetected} from Kafka: the consumer kit applies each event id once, {@link DriftAlerts} decides. A run it
 * starts is requested by the alert's source (the monitor).
 */
@ApplicationScoped
public class DriftAlertConsumer {

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public DriftAlertConsumer(EventConsumers consumers, DriftAlerts alerts) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(DriftDetected.class, event -> alerts.decide(event.eventId(), event.payload(),
                event.payload().source()));
    }

    @Incoming("drift-alerts")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(DriftAlerts.CONSUMER, value, routes);
    }
}
