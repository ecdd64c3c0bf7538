package dev.treeline.support.messaging;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;

/** What a consumer does with one event of one type; runs inside the consumer's transaction. */
@FunctionalInterface
public interface EventHandler<P extends EventPayload> {

    void handle(EventEnvelope<P> event);
}
