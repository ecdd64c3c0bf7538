package dev.treeline.registry.definition;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Applies each ModelDefinitionChanged from data-prep once (decoding, transaction, retries, idempotency by event id
 * and dead-lettering come from {@link EventConsumers}).
 */
@ApplicationScoped
public class ModelDefinitionsConsumer {

    static final String CONSUMER = "registry.model-definitions";

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public ModelDefinitionsConsumer(EventConsumers consumers, GroupDefinitions definitions) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(ModelDefinitionChanged.class, definitions::apply);
    }

    @Incoming("model-definitions")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }
}
