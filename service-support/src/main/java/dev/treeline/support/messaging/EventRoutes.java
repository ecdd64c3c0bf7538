package dev.treeline.support.messaging;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.EventType;

/**
 * Which handler a consumer runs for each event type it handles; every other type is ignored on purpose
 * (and counted). Built once per consumer, immutable once built.
 */
public final class EventRoutes {

    private final Map<EventType, EventHandler<?>> handlers;

    private EventRoutes(Map<EventType, EventHandler<?>> handlers) {
        this.handlers = handlers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One handler for one payload type. */
    public static <P extends EventPayload> EventRoutes of(Class<P> type, EventHandler<P> handler) {
        return builder().on(type, handler).build();
    }

    /** The same handler for every event type (a consumer that records whatever it sees). */
    public static EventRoutes all(EventHandler<EventPayload> handler) {
        Builder builder = builder();
        for (EventType type : EventType.values()) {
            builder.put(type, handler);
        }
        return builder.build();
    }

    /** The handler for {@code type}, if this consumer handles it. */
    Optional<EventHandler<EventPayload>> handlerFor(EventType type) {
        @SuppressWarnings("unchecked") // on() pairs each type with a handler of its payload class
        EventHandler<EventPayload> handler = (EventHandler<EventPayload>) handlers.get(type);
        return Optional.ofNullable(handler);
    }

    public boolean handles(EventType type) {
        return handlers.containsKey(type);
    }

    @SuppressWarnings("unchecked")
    void dispatch(EventEnvelope<?> event) {
        handlerFor(event.type()).orElseThrow().handle((EventEnvelope<EventPayload>) event);
    }

    public static final class Builder {

        private final Map<EventType, EventHandler<?>> handlers = new EnumMap<>(EventType.class);

        private Builder() {
        }

        public <P extends EventPayload> Builder on(Class<P> type, EventHandler<P> handler) {
            return put(EventType.forPayload(type), handler);
        }

        private Builder put(EventType type, EventHandler<?> handler) {
            Objects.requireNonNull(handler, "handler");
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalStateException("two handlers for " + type.wireName());
            }
            return this;
        }

        public EventRoutes build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("a consumer must handle at least one event type");
            }
            return new EventRoutes(Collections.unmodifiableMap(new EnumMap<>(handlers)));
        }
    }
}
